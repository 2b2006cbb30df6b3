/**
 * Wokwi CI's v1 serial steps, accepted as they are, on the first dut (Wokwi simulates one board):
 * `wait-serial: text` (waits for the text on the console; Wokwi has one global timeout, we also
 * stop after 30 s or the step's `timeout:`) and `write-serial: text` (written as is, no line ending
 * added; a list of byte values also works). Wokwi's `delay: 500ms` is the scenario's own step delay.
 */
import Type from 'typebox';
import type { ActionModule } from '../../../scenarios/index.ts';
import { boardFor, compileDut } from '../common.ts';

export const wokwiWaitSerialAction: ActionModule<string> = {
  key: 'wait-serial',
  schema: Type.String({ minLength: 1 }),
  label: (text) => `serial shows ${JSON.stringify(text)}`,
  compile(text, ctx) {
    const dut = compileDut(undefined, ctx, 'wait-serial');
    return {
      async run(rc) {
        const board = boardFor(rc, dut);
        await board.console.expect(text, { timeoutMs: 30_000, signal: rc.signal });
        return `${board.name} printed ${JSON.stringify(text)}`;
      },
    };
  },
};

export const wokwiWriteSerialAction: ActionModule<string | number[]> = {
  key: 'write-serial',
  schema: Type.Union([
    Type.String(),
    Type.Array(Type.Integer({ minimum: 0, maximum: 255 }), { minItems: 1 }),
  ]),
  label: (data) => `write ${JSON.stringify(data)} to serial`,
  compile(data, ctx) {
    const dut = compileDut(undefined, ctx, 'write-serial');
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : Uint8Array.from(data);
    return {
      async run(rc) {
        const board = boardFor(rc, dut);
        await board.link.write(bytes);
        return `wrote ${bytes.length} bytes to ${board.name}`;
      },
    };
  },
};
