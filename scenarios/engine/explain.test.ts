import { describe, expect, it } from 'vitest';
import { collapseEvents, summarizeSamples } from './explain.ts';

describe('failure explanations', () => {
  it('summarise looks as runs of equal values', () => {
    const s = (t: number, actual: unknown) => ({ t, ok: false, actual });
    expect(
      summarizeSamples([s(0, 'closed'), s(500, 'closed'), s(1_000, 'open'), s(1_500, 'closed')], 0),
    ).toEqual(['+0ms … +500ms  "closed" ×2', '+1s  "open"', '+1.5s  "closed"']);
  });

  it('fold look-alike events about many devices into one line', () => {
    const events = [
      { t: 1, source: 'action' as const, text: 'step 5: fleet site stopped' },
      ...Array.from({ length: 1000 }, (_, i) => ({
        t: 2,
        source: 'twin' as const,
        text: `env-${i} offline (disconnected)`,
      })),
    ];
    expect(collapseEvents(events).map((e) => e.text)).toEqual([
      'step 5: fleet site stopped',
      'env-0 offline (disconnected) (and 999 more like it: env-1, env-2, env-3, …)',
    ]);
  });
});
