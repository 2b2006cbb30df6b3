import { describe, expect, it } from 'vitest';
import schemaFile from '../../scene.schema.json' with { type: 'json' };
import fixture from '../../fixtures/office.scene.yaml?raw';
import type { DeviceRecord } from '../api/wire.ts';
import { SceneError } from '../errors.ts';
import { compileLayout } from './compile-layout.ts';
import { generateScene } from './generate-scene.ts';
import { parseSceneText } from './scene-file.ts';
import { SceneSchema } from './scene-schema.ts';

const dev = (
  id: string,
  type: DeviceRecord['type'],
  location?: DeviceRecord['location'],
  tags: Record<string, string> = {},
): DeviceRecord => ({
  id,
  type,
  name: id,
  tags,
  profile: 'twinbench',
  registeredAt: 0,
  registeredBy: 'first_contact',
  ...(location ? { location } : {}),
});

describe('scene files', () => {
  it('publishes the schema the TypeScript types come from (viewer/scene.schema.json)', () => {
    const { $schema, ...rest } = schemaFile as Record<string, unknown>;
    expect($schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(rest, 'regenerate it: npx node viewer/scripts/write-scene-schema.ts').toEqual(
      JSON.parse(JSON.stringify(SceneSchema)),
    );
  });

  it('reads the example scene and places devices by id, by location and by point', () => {
    const scene = parseSceneText(fixture, 'office.scene.yaml');
    const layout = compileLayout(
      scene,
      [
        dev('brk-1', 'smart_breaker'),
        dev('brk-2', 'smart_breaker'),
        dev('cam-1', 'camera'),
        dev('env-1', 'env_sensor', { building: 'Head office', floor: 'First floor', room: 'Open plan' }),
        dev('env-2', 'env_sensor', { x: 3, y: 3, z: 5 }),
        dev('env-3', 'env_sensor', { site: 'elsewhere' }),
      ],
      'office.scene.yaml',
    );
    expect(layout.slots.get('brk-1')).toMatchObject({
      model: 'breaker',
      floorKey: 'A/G',
      roomKey: 'A/G/plant',
    });
    expect(layout.panels).toHaveLength(1);
    expect(layout.slots.get('cam-1')?.position).toEqual([15.5, 7.5, 3]);
    expect(layout.slots.get('env-1')).toMatchObject({ floorKey: 'A/L1', roomKey: 'A/L1/open-plan' });
    expect(layout.slots.get('env-2')).toMatchObject({ floorKey: 'A/L1', position: [3, 3, 5] });
    expect(layout.slots.get('env-3')?.floorKey).toBe('(unplaced)/(unplaced)');
    expect(layout.cameras.map((c) => c.name)).toEqual(['Lobby']);
    expect(layout.rules.find((r) => r.legend === 'CO₂ above 1000 ppm')).toBeDefined();
  });

  it('names every problem of a bad scene with its path', () => {
    const bad =
      'site: { name: x }\nbuildings:\n  - id: A\n    floors:\n      - id: G\n        rooms:\n          - { id: r, rect: [0, 0, -1, 2], colour: red }\n';
    try {
      parseSceneText(bad, 'bad.yaml');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SceneError);
      const err = e as SceneError;
      expect(err.code).toBe('TB_ERR_VIEWER_BAD_SCENE');
      expect(err.message).toContain('Invalid scene bad.yaml');
      expect(err.issues.join('\n')).toMatch(/\/buildings\/0\/floors\/0\/rooms\/0\/rect\/2: must be > 0/);
      expect(err.issues.join('\n')).toMatch(/additional properties.*colour/);
    }
  });

  it('refuses an id used twice', () => {
    const twice =
      'site: { name: x }\nbuildings:\n  - { id: A, floors: [{ id: G, rooms: [] }, { id: G, rooms: [] }] }\n';
    expect(() => parseSceneText(twice)).toThrow(/floors\/1\/id: 'G' is used twice/);
  });
});

describe('a scene from the registry', () => {
  // Locations as the simulator's site layout gives them: floors 3.5 m apart, 8 × 6 m rooms.
  const devices = [
    dev('brk-1', 'smart_breaker', {
      site: 's',
      building: 'A',
      floor: 'G',
      room: 'Electrical 0.01',
      x: 0.5,
      y: 0.1,
      z: 1.2,
    }),
    dev('brk-2', 'smart_breaker', {
      site: 's',
      building: 'A',
      floor: 'G',
      room: 'Electrical 0.01',
      x: 0.518,
      y: 0.1,
      z: 1.2,
    }),
    dev('env-1', 'env_sensor', {
      site: 's',
      building: 'A',
      floor: 'G',
      room: 'Office 0.02',
      x: 8.4,
      y: 0.6,
      z: 1.5,
    }),
    dev('cam-1', 'camera', {
      site: 's',
      building: 'A',
      floor: 'G',
      room: 'Office 0.02',
      x: 15.7,
      y: 5.7,
      z: 2.8,
    }),
    dev('env-2', 'env_sensor', { site: 's', building: 'A', floor: 'L1', room: 'Lab 1.02', x: 9, y: 2, z: 5 }),
    dev('gen-1', 'generic'),
  ];

  it('builds buildings, floors in height order and rooms snapped out to the metre', () => {
    const scene = generateScene(devices);
    expect(scene.site.name).toBe('s');
    const floors = scene.buildings[0]?.floors ?? [];
    expect(floors.map((f) => [f.id, f.elevation])).toEqual([
      ['G', 0],
      ['L1', 3.5],
    ]);
    // The office holds its devices' outline snapped to the metre, grown to fill the floor without overlaps.
    const rooms = floors[0]?.rooms ?? [];
    const office = rooms.find((r) => r.id === 'Office 0.02')?.rect ?? [0, 0, 0, 0];
    expect(office[0]).toBeLessThanOrEqual(8);
    expect([office[1], office[0] + office[2], office[3]]).toEqual([0, 16, 6]);
    const [a, b] = rooms.map((r) => r.rect);
    expect(a![0] + a![2] <= b![0] || b![0] + b![2] <= a![0], 'rooms do not overlap').toBe(true);
  });

  it('hangs breakers in one panel per room and aims cameras into their room', () => {
    const layout = compileLayout(generateScene(devices), devices, 'registry');
    expect(layout.panels).toHaveLength(1);
    const [b1, b2] = [layout.slots.get('brk-1'), layout.slots.get('brk-2')];
    expect(b2!.position[0] - b1!.position[0]).toBeCloseTo(0.3); // side by side on the panel
    const cam = layout.slots.get('cam-1')!;
    expect(cam.yaw).toBeLessThan(-Math.PI / 2); // from the north-east corner towards the room's centre (south-west)
    expect(layout.slots.get('gen-1')?.floorKey).toBe('(unplaced)/(unplaced)');
    expect(layout.cameras[0]?.name).toBe('Overview');
    expect(layout.cameras).toHaveLength(4); // overview + each floor (+ the unplaced grid)
  });

  it('draws a gateway as a gateway and links its children to it on their floor', () => {
    const at = (room: string, x: number) => ({ site: 's', building: 'A', floor: 'L1', room, x, y: 2, z: 5 });
    const more = [
      ...devices,
      dev('gw-1', 'gateway', at('Office 1.02', 12)),
      { ...dev('bat-1', 'env_sensor', at('Office 1.02', 10)), gateway: 'gw-1' },
      { ...dev('bat-2', 'env_sensor', at('Office 1.03', 18)), gateway: 'gw-1' },
    ];
    const layout = compileLayout(generateScene(more), more, 'registry');
    expect(layout.slots.get('gw-1')?.model).toBe('hub');
    expect(layout.slots.get('bat-2')?.floorKey).toBe(layout.slots.get('gw-1')?.floorKey);
    expect(layout.links).toEqual([
      ['bat-1', 'gw-1'],
      ['bat-2', 'gw-1'],
    ]);
  });
});
