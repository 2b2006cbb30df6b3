import type { StackInfo } from '../stack/index.ts';

/** Connection info as people read it. */
export function formatStackInfo(info: StackInfo): string {
  const lines = [
    `mode      ${info.mode}`,
    `mqtt      ${info.mqttUrl}${info.mqtt.username ? ` (user ${info.mqtt.username})` : ''}`,
  ];
  if (info.mqttTlsUrl) lines.push(`mqtts     ${info.mqttTlsUrl}`);
  if (info.mqtt.deviceSecret)
    lines.push(
      'devices   per-device credentials and ACL on (twinbench pki issue <id> gives a board its own)',
    );
  if (info.tls) lines.push(`ca        ${info.tls.caFile}   (what boards and browsers trust)`);
  lines.push(
    `influxdb  ${info.influx.url}  db=${info.influx.db}${info.influx.auth ? ` user=${info.influx.auth.username}` : ''}`,
  );
  for (const s of info.services) {
    lines.push(
      `  ${s.name.padEnd(10)} ${s.kind}${s.id ? ` ${s.id.slice(0, 12)}` : ''}${s.image ? ` (${s.image})` : ''}`,
    );
  }
  return lines.join('\n');
}

/** Shell lines other tools can `eval` (TWINBENCH_MQTT_URL etc.). */
export function formatEnv(info: StackInfo): string {
  return [
    `export TWINBENCH_STACK=external`,
    `export TWINBENCH_MQTT_URL=${info.mqttUrl}`,
    `export TWINBENCH_INFLUX_URL=${info.influx.url}`,
    `export TWINBENCH_INFLUX_DB=${info.influx.db}`,
    // Simulator processes derive each device's password from it (docs/security.md).
    ...(info.mqtt.deviceSecret ? [`export TWINBENCH_DEVICE_SECRET=${info.mqtt.deviceSecret}`] : []),
  ].join('\n');
}
