/**
 * The incident `twinbench demo --story` plays on a loop, as data: each step has a caption the viewer
 * shows, an action through the simulator's fault API or the platform's REST API, and how long to hold.
 */
import type { Fault } from '../../simulator/index.ts';

/** The devices the story stars, picked from the fleet (`castStory`). */
export interface StoryCast {
  breaker: string;
  sensor: string;
  camera: string;
  /** The floor the incident happens on, as the registry names it. */
  floor: string;
}

export type StoryAction =
  | { kind: 'none' }
  | { kind: 'fault'; device: keyof Omit<StoryCast, 'floor'>; fault: Fault }
  | { kind: 'clear_faults' }
  | { kind: 'command'; device: keyof Omit<StoryCast, 'floor'>; name: string };

export interface StoryStep {
  caption: (cast: StoryCast) => string;
  action: StoryAction;
  /** Real time the caption stays before the next step, ms. */
  holdMs: number;
}

export const STORY: readonly StoryStep[] = [
  {
    caption: (c) => `Floor ${c.floor}: every breaker, sensor and camera is live: colours follow their twins.`,
    action: { kind: 'none' },
    holdMs: 8_000,
  },
  {
    caption: (c) => `An overload on floor ${c.floor}: breaker ${c.breaker} trips (red, blinking).`,
    action: { kind: 'fault', device: 'breaker', fault: { kind: 'overload', amps: 250 } },
    holdMs: 9_000,
  },
  {
    caption: (c) => `Sensor ${c.sensor} drops off the network: its last will turns it grey.`,
    action: { kind: 'fault', device: 'sensor', fault: { kind: 'disconnect', clean: false } },
    holdMs: 9_000,
  },
  {
    caption: (c) => `Camera ${c.camera} sees motion in the dark room (it pulses).`,
    action: { kind: 'fault', device: 'camera', fault: { kind: 'motion' } },
    holdMs: 8_000,
  },
  {
    caption: (c) => `The operator resets breaker ${c.breaker} from the viewer (Commands → reset)…`,
    action: { kind: 'command', device: 'breaker', name: 'reset' },
    holdMs: 5_000,
  },
  {
    caption: () => `…and closes it again; the sensor comes back. Scrub the timeline to replay the incident.`,
    action: { kind: 'clear_faults' },
    holdMs: 2_000,
  },
  {
    caption: (c) => `Breaker ${c.breaker} closed: floor ${c.floor} is back to normal.`,
    action: { kind: 'command', device: 'breaker', name: 'close' },
    holdMs: 10_000,
  },
];
