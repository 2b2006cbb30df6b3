import { describe, expect, it } from 'vitest';
import { PacedPipe } from './paced-pipe.ts';
import { FakeClock } from './test-support.ts';

describe('PacedPipe (one direction of a UART)', () => {
  it('delivers each chunk when its last byte would have arrived: 10 bits a byte, back to back', async () => {
    const clock = new FakeClock();
    const t0 = clock.now();
    const got: [number, number, number][] = [];
    const pipe = new PacedPipe(clock, (b, baud) => got.push([clock.now() - t0, b.length, baud]), 115200);
    pipe.send(new Uint8Array(1152)); // 100 ms at 115200
    pipe.send(new Uint8Array(1152));
    pipe.baud = 921600;
    pipe.send(new Uint8Array(9216)); // 100 ms at 921600, after the first two
    await clock.advance(99);
    expect(got).toEqual([]);
    await clock.advance(1);
    expect(got).toEqual([[100, 1152, 115200]]);
    await clock.advance(200);
    expect(got).toEqual([
      [100, 1152, 115200],
      [200, 1152, 115200],
      [300, 9216, 921600],
    ]);
  });

  it('purge drops what is still on the wire', async () => {
    const clock = new FakeClock();
    const got: number[] = [];
    const pipe = new PacedPipe(clock, (b) => got.push(b.length), 115200);
    pipe.send(new Uint8Array(100));
    pipe.purge();
    pipe.send(new Uint8Array(7));
    await clock.advance(50);
    expect(got).toEqual([7]);
  });
});
