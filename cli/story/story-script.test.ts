import { describe, expect, it } from 'vitest';
import { castStory, STORY } from './index.ts';

type D = { id: string; type: string; location?: { floor?: string } };
const fleet = (devices: D[]) => ({ devices }) as unknown as Parameters<typeof castStory>[0];

describe('the story', () => {
  it('casts a breaker, a sensor and a camera from the floor with the most breakers', () => {
    const cast = castStory(
      fleet([
        { id: 'brk-1', type: 'smart_breaker', location: { floor: 'G' } },
        { id: 'brk-2', type: 'smart_breaker', location: { floor: 'L1' } },
        { id: 'brk-3', type: 'smart_breaker', location: { floor: 'L1' } },
        { id: 'env-1', type: 'env_sensor', location: { floor: 'G' } },
        { id: 'env-2', type: 'env_sensor', location: { floor: 'L1' } },
        { id: 'cam-1', type: 'camera', location: { floor: 'G' } },
      ]),
    );
    // L1 has no camera: the first camera anywhere stands in.
    expect(cast).toEqual({ breaker: 'brk-2', sensor: 'env-2', camera: 'cam-1', floor: 'L1' });
  });

  it('says what the fleet lacks for a story', () => {
    expect(() => castStory(fleet([{ id: 'brk-1', type: 'smart_breaker' }]))).toThrow(
      /needs a smart_breaker, an env_sensor and a camera/,
    );
  });

  it('trips, drops, detects, resets and closes, in that order, with a caption each', () => {
    const cast = { breaker: 'b', sensor: 's', camera: 'c', floor: 'F' };
    expect(STORY.map((s) => s.action.kind)).toEqual([
      'none',
      'fault',
      'fault',
      'fault',
      'command',
      'clear_faults',
      'command',
    ]);
    expect(
      STORY.filter((s) => s.action.kind === 'command').map((s) => (s.action as { name: string }).name),
    ).toEqual(['reset', 'close']);
    for (const s of STORY) expect(s.caption(cast).length).toBeGreaterThan(10);
  });
});
