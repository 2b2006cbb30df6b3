import mqttPacket from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import { pubacks } from './pubacks.ts';

describe('pubacks', () => {
  it('writes MQTT 5 PUBACKs (reason 0, no properties) that a parser reads back in order', () => {
    const ids = [1, 255, 256, 40_000, 65_535];
    const parser = mqttPacket.parser({ protocolVersion: 5 });
    const got: { cmd: string; messageId?: number; reasonCode?: number }[] = [];
    parser.on('packet', (p: { cmd: string; messageId?: number; reasonCode?: number }) => got.push(p));
    parser.on('error', (err: Error) => {
      throw err;
    });
    parser.parse(pubacks(ids));
    expect(got.map((p) => [p.cmd, p.messageId, p.reasonCode ?? 0])).toEqual(
      ids.map((id) => ['puback', id, 0]),
    );
  });

  it('is an empty buffer for no ids', () => {
    expect(pubacks([]).length).toBe(0);
  });
});
