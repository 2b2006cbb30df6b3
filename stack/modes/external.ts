import { STACK_ERROR_CODES, StackError } from '../errors.ts';
import { InfluxClient } from '../influx/influx-client.ts';
import { mqttAnswers } from '../readiness.ts';
import type { ModeResult, ResolvedOptions } from './mode.ts';

/** Uses a broker and a database the user runs; checks both answer and creates the database. */
export async function startExternal(opts: ResolvedOptions): Promise<ModeResult> {
  const ext = opts.external;
  if (!ext) {
    throw new StackError(
      STACK_ERROR_CODES.BAD_OPTIONS,
      'external mode needs the broker and database URLs: pass --mqtt-url mqtt://HOST:PORT --influx-url http://HOST:PORT (or set TWINBENCH_MQTT_URL and TWINBENCH_INFLUX_URL).',
    );
  }
  const mqttUrl = new URL(ext.mqttUrl);
  const auth = {
    ...(ext.mqttUsername ? { username: ext.mqttUsername } : {}),
    ...(ext.mqttPassword ? { password: ext.mqttPassword } : {}),
  };
  try {
    await mqttAnswers(ext.mqttUrl, auth);
  } catch (cause) {
    throw new StackError(
      STACK_ERROR_CODES.NOT_READY,
      `The external broker ${ext.mqttUrl} refused an MQTT connection (${(cause as Error).message}). Check the URL and credentials.`,
      { cause },
    );
  }
  const influx = new InfluxClient({
    url: ext.influxUrl,
    ...(ext.influxAuth ? { auth: ext.influxAuth } : {}),
  });
  await influx.ping();
  await influx.createDatabase(opts.influx.database);
  const port = Number(mqttUrl.port || (mqttUrl.protocol === 'mqtts:' ? 8883 : 1883));
  return {
    mqtt: { url: ext.mqttUrl, host: mqttUrl.hostname, port },
    influxUrl: ext.influxUrl,
    services: [external('mosquitto'), external('influxdb')],
    cleanup: async () => undefined,
  };
}

function external(name: 'mosquitto' | 'influxdb') {
  return {
    info: { name, kind: 'external' as const, id: '' },
    logs: () => [],
    stop: async () => undefined,
    restart: async () => {
      throw new StackError(
        STACK_ERROR_CODES.BAD_OPTIONS,
        `twinbench cannot restart the external ${name}; restart it yourself.`,
      );
    },
  };
}
