/** The compiled scene the renderers draw: floors, rooms, panels and one slot per device, in site metres. */
import type { BindingRule } from '../bindings/rules.ts';
import type { CameraPreset } from './scene-schema.ts';

export type Rect = [x: number, y: number, width: number, depth: number];
export type Vec3 = [x: number, y: number, z: number];
/** How a device is drawn; `hub` is a gateway's box with an antenna. */
export type DeviceModel = 'breaker' | 'puck' | 'camera' | 'hub';

export interface LayoutFloor {
  /** `building/floor`, unique in the site. */
  key: string;
  buildingId: string;
  buildingName: string;
  id: string;
  name: string;
  elevation: number;
  height: number;
  /** The bounding box of its rooms. */
  rect: Rect;
}

export interface LayoutRoom {
  key: string;
  floorKey: string;
  id: string;
  name: string;
  rect: Rect;
}

export interface DeviceSlot {
  id: string;
  type: string;
  model: DeviceModel;
  floorKey: string;
  roomKey?: string;
  position: Vec3;
  /** Heading of a camera's view, radians from east, counter-clockwise. */
  yaw: number;
}

/** A breaker panel: a cabinet on a wall, facing south, with its breakers in rows in front. */
export interface LayoutPanel {
  key: string;
  floorKey: string;
  center: Vec3;
  width: number;
  height: number;
}

export interface SceneLayout {
  site: string;
  floors: LayoutFloor[];
  rooms: LayoutRoom[];
  panels: LayoutPanel[];
  slots: Map<string, DeviceSlot>;
  /** Child → its gateway, for the radio links drawn between them (both placed). */
  links?: [child: string, gateway: string][];
  cameras: CameraPreset[];
  rules: BindingRule[];
  bounds: { min: Vec3; max: Vec3 };
  /** Where the layout came from: a scene file's URL or "registry". */
  source: string;
}
