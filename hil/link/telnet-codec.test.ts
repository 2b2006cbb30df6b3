import { describe, expect, it } from 'vitest';
import {
  DO,
  IAC,
  OPTION_COM_PORT,
  SB,
  SE,
  TelnetDecoder,
  WILL,
  escapeIac,
  subnegotiation,
  type TelnetEvent,
} from './telnet-codec.ts';

const dataOf = (events: TelnetEvent[]) =>
  Buffer.concat(events.flatMap((e) => (e.type === 'data' ? [e.data] : []))).toString('hex');

describe('telnet codec', () => {
  it('doubles 0xFF in data and the decoder restores it', () => {
    const raw = Uint8Array.of(1, 0xff, 2, 0xff, 0xff);
    const wire = escapeIac(raw);
    expect(Buffer.from(wire).toString('hex')).toBe('01ffff02ffffffff');
    expect(dataOf(new TelnetDecoder().decode(wire))).toBe('01ff02ffff');
  });

  it('returns the same array when there is nothing to escape', () => {
    const raw = Uint8Array.of(1, 2, 3);
    expect(escapeIac(raw)).toBe(raw);
  });

  it('separates negotiation and sub-negotiation from data, in order', () => {
    const d = new TelnetDecoder();
    const wire = Uint8Array.of(
      0x41,
      IAC,
      DO,
      OPTION_COM_PORT,
      0x42,
      IAC,
      SB,
      44,
      101,
      0,
      1,
      0xc2,
      0,
      IAC,
      SE,
      0x43,
    );
    const events = d.decode(wire);
    expect(events).toEqual([
      { type: 'data', data: Uint8Array.of(0x41) },
      { type: 'negotiate', verb: DO, option: 44 },
      { type: 'data', data: Uint8Array.of(0x42) },
      { type: 'subnegotiation', option: 44, payload: Uint8Array.of(101, 0, 1, 0xc2, 0) },
      { type: 'data', data: Uint8Array.of(0x43) },
    ]);
  });

  it('keeps state across chunk boundaries, inside IAC pairs and sub-negotiations', () => {
    const wire = [
      ...escapeIac(Uint8Array.of(0xff, 7)),
      IAC,
      WILL,
      0,
      ...subnegotiation(44, Uint8Array.of(105, 0xff)),
      9,
    ];
    const whole = new TelnetDecoder().decode(Uint8Array.from(wire));
    const d = new TelnetDecoder();
    const split = wire.flatMap((b) => d.decode(Uint8Array.of(b)));
    expect(dataOf(split)).toBe(dataOf(whole));
    expect(split.filter((e) => e.type !== 'data')).toEqual(whole.filter((e) => e.type !== 'data'));
    expect(whole.find((e) => e.type === 'subnegotiation')).toEqual({
      type: 'subnegotiation',
      option: 44,
      payload: Uint8Array.of(105, 0xff),
    });
  });
});
