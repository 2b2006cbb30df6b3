// Test helpers: exercise a started stack the way every later part will (MQTT round trip, Influx write/read).
import { execFileSync } from 'node:child_process';
import mqtt from 'mqtt';
import { InfluxClient, STACK_LABEL, type StackInfo } from '../index.ts';

export async function mqttRoundTrip(info: StackInfo, topic = `tb/test/${Date.now()}`): Promise<string> {
  const auth = {
    ...(info.mqtt.username ? { username: info.mqtt.username, password: info.mqtt.password } : {}),
  };
  const sub = await mqtt.connectAsync(info.mqttUrl, { ...auth, reconnectPeriod: 0 });
  const pub = await mqtt.connectAsync(info.mqttUrl, { ...auth, reconnectPeriod: 0 });
  try {
    const got = new Promise<string>((resolve) => sub.on('message', (_t, p) => resolve(p.toString())));
    await sub.subscribeAsync(topic, { qos: 1 });
    await pub.publishAsync(topic, 'hello twin', { qos: 1 });
    return await Promise.race([
      got,
      new Promise<string>((_, reject) => setTimeout(() => reject(new Error('no message within 5 s')), 5_000)),
    ]);
  } finally {
    await Promise.all([sub.endAsync(), pub.endAsync()]);
  }
}

export async function influxRoundTrip(info: StackInfo): Promise<unknown[][]> {
  const client = new InfluxClient({
    url: info.influx.url,
    db: info.influx.db,
    ...(info.influx.auth ? { auth: info.influx.auth } : {}),
  });
  const t = Date.now();
  await client.write([
    `probe,device_id=d1 temperature=21.5 ${t - 1000}`,
    `probe,device_id=d1 temperature=22.5 ${t}`,
  ]);
  const series = await client.query(`SELECT temperature FROM probe WHERE device_id='d1'`);
  return series[0]?.values ?? [];
}

/** Containers (running or not) that carry twinbench's label (for one stack id, or any). */
export function containersOf(stackId?: string): string[] {
  const filter = stackId ? `label=${STACK_LABEL}=${stackId}` : `label=${STACK_LABEL}`;
  const out = execFileSync('docker', ['ps', '-a', '-q', '--filter', filter], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean);
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
