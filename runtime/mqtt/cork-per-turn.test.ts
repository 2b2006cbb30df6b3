import { describe, expect, it } from 'vitest';
import { corkPerTurn } from './cork-per-turn.ts';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('corkPerTurn', () => {
  it('corks once per event-loop turn however many writes, and uncorks after the turn', async () => {
    const calls: string[] = [];
    const batch = corkPerTurn(() => ({ cork: () => calls.push('cork'), uncork: () => calls.push('uncork') }));
    batch();
    batch();
    batch();
    expect(calls).toEqual(['cork']);
    await nextTurn();
    expect(calls).toEqual(['cork', 'uncork']);
    batch();
    expect(calls).toEqual(['cork', 'uncork', 'cork']);
    await nextTurn();
    expect(calls).toEqual(['cork', 'uncork', 'cork', 'uncork']);
  });

  it('uncorks the stream it corked, even when the client has a new stream by then', async () => {
    const log: string[] = [];
    const stream = (name: string) => ({
      cork: () => log.push(`cork ${name}`),
      uncork: () => log.push(`uncork ${name}`),
    });
    let current = stream('a');
    const batch = corkPerTurn(() => current);
    batch();
    current = stream('b');
    await nextTurn();
    batch();
    await nextTurn();
    expect(log).toEqual(['cork a', 'uncork a', 'cork b', 'uncork b']);
  });
});
