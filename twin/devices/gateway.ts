/**
 * A gateway: one MQTT connection for the battery sensors behind it (Zigbee, LoRa, BLE). Its children
 * are full twins of their own; their traffic is carried on the gateway's topics (twin/topics/gateway-topics.ts).
 */
import { command, COMMON_TELEMETRY, int, num, oneOf, str, type DeviceTypeSpec } from './fields.ts';

export const GATEWAY_RADIOS = ['zigbee', 'lora', 'ble', 'thread', 'wifi'] as const;

export const GATEWAY_SPEC = {
  type: 'gateway',
  description: 'Gateway (bridge) holding one MQTT connection for the child devices behind it',
  telemetry: {
    ...COMMON_TELEMETRY,
    children_connected: int('Children currently joined to the gateway', { min: 0 }),
    children_known: int('Children the gateway has ever seen since boot', { min: 0 }),
    uplink_rssi: num('Signal strength of the uplink to the network', { unit: 'dBm', min: -130, max: 0 }),
    queue_depth: int('Child messages waiting to be sent upstream', { min: 0 }),
    dropped_messages: int('Child messages dropped since boot (radio loss, queue overflow)', { min: 0 }),
    duty_cycle_percent: num('Radio airtime used in the last hour', { unit: '%', min: 0, max: 100 }),
    radio: oneOf(GATEWAY_RADIOS, 'Radio the children use'),
    channel: str('Radio channel or frequency plan'),
  },
  desired: {
    interval_s: num('Telemetry interval of the gateway itself', { unit: 's', min: 1, max: 86_400 }),
    permit_join: int('Seconds joining stays open (0: closed)', { unit: 's', min: 0, max: 3600 }),
  },
  commands: {
    permit_join: command('Let new children join for a while', {
      duration_s: num('How long joining stays open', { unit: 's', min: 1, max: 3600 }),
    }),
    remove_child: command('Forget a child: it is disconnected and must join again', {
      child: str('Id of the child to remove'),
    }),
    reboot: command('Restart the gateway (its children reconnect when it is back)'),
  },
} as const satisfies DeviceTypeSpec;
