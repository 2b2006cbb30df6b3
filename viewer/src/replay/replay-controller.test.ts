import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RestClient } from '../api/rest-client.ts';
import type { FleetHistory } from '../api/wire.ts';
import { ReplayController, type ReplayHost } from './replay-controller.ts';

const NOW = 1_800_000_000_000;

function setup(history: FleetHistory | undefined) {
  const shown: { t: number; state: string | undefined }[] = [];
  const messages: string[] = [];
  const windows: [number, number][] = [];
  let lived = 0;
  const rest = {
    fleetHistory: vi.fn(async () => history),
    snapshot: vi.fn(async () => undefined),
  } as unknown as RestClient;
  const host: ReplayHost = {
    rest,
    fields: () => ['breaker_state'],
    show: (t, stateAt) => shown.push({ t, state: stateAt('b').fields.breaker_state as string | undefined }),
    live: () => lived++,
    events: () => undefined,
    message: (m) => messages.push(m),
    playing: () => undefined,
    windowChanged: (from, to) => windows.push([from, to]),
  };
  return { controller: new ReplayController(host), shown, messages, windows, rest, lived: () => lived };
}

const history: FleetHistory = {
  from: NOW - 3_600_000,
  to: NOW,
  every: 60_000,
  devices: [
    {
      id: 'b',
      type: 'smart_breaker',
      series: {
        breaker_state: [
          [NOW - 3_600_000, 'closed'],
          [NOW - 1_800_000, 'tripped'],
        ],
      },
      online: [],
    },
  ],
  events: [],
};

afterEach(() => vi.useRealTimers());

describe('ReplayController', () => {
  it('slides its window to end now on entering replay, then shows the fleet at the instant', async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date', 'setTimeout', 'performance'] });
    const r = setup(history);
    r.controller.setWindow(3_600_000);
    vi.setSystemTime(NOW + 5_000);
    await r.controller.seek(NOW - 1_000_000, true);
    expect(r.windows.at(-1)).toEqual([NOW + 5_000 - 3_600_000, NOW + 5_000]);
    expect(r.shown.at(-1)).toEqual({ t: NOW - 1_000_000, state: 'tripped' });
    expect(r.controller.active).toBe(true);
    r.controller.live();
    expect([r.controller.active, r.lived()]).toEqual([false, 1]);
  });

  it('plays at the chosen speed and stops at the end of the window', async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date', 'setTimeout', 'performance'] });
    const r = setup(history);
    r.controller.setWindow(3_600_000);
    await r.controller.seek(NOW - 3_600_000, false);
    r.controller.setSpeed(600);
    r.controller.play(true);
    await vi.advanceTimersByTimeAsync(1_000); // 1 s at 600× is 10 min of history
    expect(r.controller.time! - (NOW - 3_600_000)).toBeGreaterThanOrEqual(590_000);
    expect(r.controller.time! - (NOW - 3_600_000)).toBeLessThanOrEqual(610_000);
    r.controller.setSpeed(3600);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(r.controller.time).toBe(r.controller.window[1]);
    expect(r.shown.at(-1)?.state).toBe('tripped');
  });

  it('says so when the platform has no fleet history route', async () => {
    const r = setup(undefined);
    await r.controller.seek(Date.now() - 1000, true);
    expect(r.shown).toEqual([]);
    expect(r.messages.at(-1)).toMatch(/no \/history\/fleet route/);
  });
});
