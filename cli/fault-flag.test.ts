import { describe, expect, it } from 'vitest';
import { parseDuration } from '../twin/index.ts';
import { parseFaultFlag } from './fault-flag.ts';

describe('command-line durations', () => {
  it.each([
    ['250ms', 250],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['7d', 604_800_000],
    ['1500', 1500],
  ])('%s is %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it('says how to write a duration', () => {
    expect(() => parseDuration('soon', '--backfill')).toThrow(
      /--backfill 'soon' is not a duration: use 500ms, 10s/,
    );
  });
});

describe('--fault', () => {
  it('reads kind, fault keys, selector keys, time and duration', () => {
    expect(parseFaultFlag('disconnect,clean=false,type=env_sensor,count=2@30s')).toEqual({
      atMs: 30_000,
      fault: { kind: 'disconnect', clean: false },
      select: { type: 'env_sensor', count: 2 },
    });
    expect(parseFaultFlag('partition,fraction=0.2@1m+20s')).toEqual({
      atMs: 60_000,
      durationMs: 20_000,
      fault: { kind: 'partition' },
      select: { fraction: 0.2 },
    });
    expect(parseFaultFlag('reboot,ids=a|b')).toEqual({
      fault: { kind: 'reboot' },
      select: { ids: ['a', 'b'] },
    });
  });

  it('takes JSON and refuses what it cannot read', () => {
    expect(parseFaultFlag('{"fault":{"kind":"flood","ratePerSecond":100}}')).toEqual({
      fault: { kind: 'flood', ratePerSecond: 100 },
    });
    expect(() => parseFaultFlag('drift,field')).toThrow(/'field' is not key=value/);
  });
});
