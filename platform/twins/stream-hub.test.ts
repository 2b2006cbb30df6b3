import { describe, expect, it } from 'vitest';
import type { TwinChange } from './changes.ts';
import { StreamHub } from './stream-hub.ts';
import { TwinStore } from './twin-store.ts';

const telemetry = (deviceId: string, seq: number): TwinChange => ({
  kind: 'telemetry',
  deviceId,
  ts: seq,
  seq,
  arrivalTime: false,
  fields: { temperature: 20 },
});

/** Frames a subscriber gets, flushed by hand (the hub flushes on setImmediate otherwise). */
function watch(hub: StreamHub, filter: Parameters<StreamHub['subscribe']>[0]): TwinChange[][] {
  const frames: TwinChange[][] = [];
  hub.subscribe(filter, (text) => frames.push(JSON.parse(text) as TwinChange[]));
  return frames;
}

describe('StreamHub', () => {
  const setup = () => {
    const store = new TwinStore({ now: () => 0, heartbeatTimeoutMs: 60_000 });
    return { store, hub: new StreamHub(store, 60_000) };
  };

  it('sends a subscriber only the devices it names, in one frame per flush', () => {
    const { store, hub } = setup();
    const some = watch(hub, { ids: ['d-1', 'd-3'] });
    const all = watch(hub, {});
    for (let i = 0; i < 5; i++) store.bus.emit(telemetry(`d-${i}`, i));
    hub.flush();
    expect(some).toEqual([[telemetry('d-1', 1), telemetry('d-3', 3)]]);
    expect(all[0]?.map((c) => c.deviceId)).toEqual(['d-0', 'd-1', 'd-2', 'd-3', 'd-4']);
    hub.close();
  });

  it('treats an empty id list as no id filter, and combines ids with kinds', () => {
    const { store, hub } = setup();
    const empty = watch(hub, { ids: [] });
    const kinds = watch(hub, { ids: ['d-1'], kinds: ['liveness'] });
    store.bus.emit(telemetry('d-1', 1));
    store.bus.emit({ kind: 'liveness', deviceId: 'd-1', ts: 2, online: false, reason: 'heartbeat_timeout' });
    hub.flush();
    expect(empty[0]).toHaveLength(2);
    expect(kinds).toEqual([[expect.objectContaining({ kind: 'liveness', deviceId: 'd-1' })]]);
    hub.close();
  });
});
