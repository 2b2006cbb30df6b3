/** Procedural models: instanced device meshes, breaker panels, floor slabs with room outlines. */
import * as THREE from 'three';
import type { DeviceModel, LayoutFloor, LayoutPanel, LayoutRoom, Vec3 } from '../scene/layout.ts';
import { BREAKER_H, BREAKER_W } from '../scene/compile-layout.ts';

/** Site metres (x east, y north, z up) → three.js (y up, z south). */
export function toThree(p: Vec3, out = new THREE.Vector3()): THREE.Vector3 {
  return out.set(p[0], p[2], -p[1]);
}

export interface ModelSpec {
  geometry: THREE.BufferGeometry;
  material: THREE.Material;
  /** Part of picking. */
  pickable: boolean;
  /** Placement of the instance relative to the device's slot. */
  place(position: Vec3, yaw: number, m: THREE.Matrix4): void;
}

const basic = () => new THREE.MeshBasicMaterial({ color: 0xffffff });
const tmpV = new THREE.Vector3();
const tmpQ = new THREE.Quaternion();
const tmpS = new THREE.Vector3(1, 1, 1);
const UP = new THREE.Vector3(0, 1, 0);

function cameraCone(): THREE.BufferGeometry {
  // A view cone 3 m long, its apex at the camera, opening along +x (rotated by yaw and tilted down).
  const g = new THREE.ConeGeometry(1.1, 3, 16, 1, true);
  g.translate(0, -1.5, 0); // apex at the origin, opening towards −y
  g.rotateZ(Math.PI / 2); // opening towards +x
  g.rotateZ(-0.45); // tilted down
  return g;
}

/** The parts drawn for each device model, each an InstancedMesh coloured by the device's binding. */
export function modelParts(model: DeviceModel): ModelSpec[] {
  const at = (position: Vec3, yaw: number, m: THREE.Matrix4) => {
    toThree(position, tmpV);
    tmpQ.setFromAxisAngle(UP, yaw);
    m.compose(tmpV, tmpQ, tmpS);
  };
  switch (model) {
    case 'breaker':
      return [
        {
          geometry: new THREE.BoxGeometry(BREAKER_W * 0.82, BREAKER_H * 0.8, 0.1),
          material: basic(),
          pickable: true,
          place: (p, _y, m) => at(p, 0, m),
        },
      ];
    case 'puck':
      return [
        {
          geometry: new THREE.CylinderGeometry(0.3, 0.3, 0.12, 20),
          material: basic(),
          pickable: true,
          place: (p, _y, m) => at(p, 0, m),
        },
      ];
    case 'hub':
      // A gateway: a flat box with an antenna: the one connection its children share.
      return [
        {
          geometry: new THREE.BoxGeometry(0.7, 0.16, 0.45),
          material: basic(),
          pickable: true,
          place: (p, _y, m) => at(p, 0, m),
        },
        {
          geometry: new THREE.CylinderGeometry(0.03, 0.03, 0.6, 6).translate(0.25, 0.35, 0),
          material: basic(),
          pickable: false,
          place: (p, _y, m) => at(p, 0, m),
        },
      ];
    case 'camera':
      return [
        { geometry: new THREE.BoxGeometry(0.5, 0.28, 0.28), material: basic(), pickable: true, place: at },
        {
          geometry: cameraCone(),
          material: new THREE.MeshBasicMaterial({
            color: 0xffffff,
            transparent: true,
            opacity: 0.16,
            depthWrite: false,
            side: THREE.DoubleSide,
          }),
          pickable: false,
          place: at,
        },
      ];
  }
}

/** Panels: grey cabinets behind their breakers. */
export function panelMesh(panels: readonly LayoutPanel[]): THREE.InstancedMesh {
  const mesh = new THREE.InstancedMesh(
    new THREE.BoxGeometry(1, 1, 0.12),
    new THREE.MeshLambertMaterial({ color: 0x495057 }),
    Math.max(1, panels.length),
  );
  mesh.count = panels.length;
  mesh.name = 'panel';
  const m = new THREE.Matrix4();
  panels.forEach((p, i) => {
    toThree([p.center[0], p.center[1] + 0.02, p.center[2]], tmpV);
    m.compose(tmpV, new THREE.Quaternion(), new THREE.Vector3(p.width, p.height, 1));
    mesh.setMatrixAt(i, m);
  });
  return mesh;
}

/** A floor: a slab under its rooms and the rooms' outlines on it. */
export function floorGroup(floor: LayoutFloor, rooms: readonly LayoutRoom[]): THREE.Group {
  const group = new THREE.Group();
  group.name = floor.key;
  const [x, y, w, d] = floor.rect;
  const slab = new THREE.Mesh(
    new THREE.BoxGeometry(w + 1, 0.12, d + 1),
    new THREE.MeshLambertMaterial({ color: 0xdee2e6, transparent: true, opacity: 0.5, depthWrite: false }),
  );
  slab.position.copy(toThree([x + w / 2, y + d / 2, floor.elevation - 0.07]));
  slab.renderOrder = -1;
  slab.name = 'slab';
  group.add(slab);
  const pts: number[] = [];
  const z = floor.elevation + 0.01;
  for (const r of rooms) {
    const [rx, ry, rw, rd] = r.rect;
    const c: Vec3[] = [
      [rx, ry, z],
      [rx + rw, ry, z],
      [rx + rw, ry + rd, z],
      [rx, ry + rd, z],
    ];
    for (let i = 0; i < 4; i++) {
      const a = c[i] as Vec3;
      const b = c[(i + 1) % 4] as Vec3;
      pts.push(a[0], a[2], -a[1], b[0], b[2], -b[1]);
    }
  }
  const lines = new THREE.LineSegments(
    new THREE.BufferGeometry().setAttribute('position', new THREE.Float32BufferAttribute(pts, 3)),
    new THREE.LineBasicMaterial({ color: 0x343a40 }),
  );
  lines.name = 'outline';
  group.add(lines);
  return group;
}
