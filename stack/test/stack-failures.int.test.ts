import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { STACK_ERROR_CODES, StackError, engineAvailable, startStack } from '../index.ts';
import { containersOf, mqttRoundTrip } from './stack-probe.ts';

function holdPort(): Promise<{ port: number; close: () => Promise<void> }> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({ port, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

const engine = await engineAvailable();

describe('stack failure paths', () => {
  it('picks another port when the asked one is taken', async () => {
    const held = await holdPort();
    try {
      await using stack = await startStack({ mode: 'local', broker: { port: held.port } });
      expect(stack.info.mqtt.port).not.toBe(held.port);
      expect(await mqttRoundTrip(stack.info)).toBe('hello twin');
    } finally {
      await held.close();
    }
  });

  it('fails clearly on a taken port with strictPorts', async () => {
    const held = await holdPort();
    try {
      const err = await startStack({ mode: 'local', broker: { port: held.port }, strictPorts: true }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(StackError);
      expect((err as StackError).code).toBe(STACK_ERROR_CODES.PORT_TAKEN);
      expect((err as StackError).message).toContain(`Port ${held.port}`);
    } finally {
      await held.close();
    }
  });

  it.runIf(engine || process.env.CI)(
    'times out on a container that never becomes ready, with its last log lines',
    async () => {
      // An "InfluxDB" image that is really Mosquitto: it runs and logs, but never says "Listening on HTTP".
      const before = new Set(containersOf());
      const err = await startStack({
        mode: 'containers',
        containers: { influxImage: 'twinbench/mosquitto:2.0', network: 'host' },
        startupTimeoutMs: 3_000,
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StackError);
      const e = err as StackError;
      expect(e.code).toBe(STACK_ERROR_CODES.NOT_READY);
      expect(e.message).toContain('did not start and become ready within 3000 ms');
      expect(e.logTail.join('\n')).toMatch(/mosquitto version/);
      expect(e.message).toContain('Last log lines');
      // Nothing left: neither the failed container nor the broker started before it.
      expect(containersOf().filter((id) => !before.has(id))).toEqual([]);
    },
  );
});
