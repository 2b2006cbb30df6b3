/**
 * `firmware.provision`: sets up a twinbench node on a HIL board the way a technician does on the
 * serial console — broker, device id, type — then reboots it. The broker is the scenario's (only known
 * when it runs, which is why a step does this and not `hil.send`), and the id gets the scenario's
 * prefix like every device a scenario names, so `device: sil-brk` in expectations finds the node.
 *
 * ```yaml
 * - firmware.provision: { device_id: sil-brk, type: smart_breaker }
 * - firmware.provision: { dut: node, device_id: env-7, type: env_sensor, interval_s: 2, reboot: false }
 * ```
 */
import Type, { type Static } from 'typebox';
import { RegexPattern, type HilSession } from '../../hil/index.ts';
import type { ActionModule } from '../../scenarios/index.ts';
import { parseDuration } from '../../twin/index.ts';
import { FIRMWARE_DEVICE_TYPES } from '../device-types.ts';
import { FirmwareError, FIRMWARE_ERROR_CODES } from '../errors.ts';

export const FirmwareProvisionSchema = Type.Object(
  {
    dut: Type.Optional(Type.String({ description: 'Board name or role; default the first dut.' })),
    device_id: Type.String({
      pattern: '^[A-Za-z0-9_.:-]{1,100}$',
      description: 'Without the scenario prefix.',
    }),
    type: Type.Optional(Type.Enum([...FIRMWARE_DEVICE_TYPES])),
    interval_s: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Telemetry interval, s.' })),
    reboot: Type.Optional(
      Type.Boolean({ description: 'Reboot afterwards so the settings apply (default true).' }),
    ),
    within: Type.Optional(Type.String({ description: 'Time for each console answer (default 10s).' })),
  },
  { additionalProperties: false },
);
export type FirmwareProvisionSpec = Static<typeof FirmwareProvisionSchema>;

/** The console lines provisioning types, in order (without the reboot). */
export function provisionLines(spec: FirmwareProvisionSpec, mqttUrl: string, prefix: string): string[] {
  const lines = [`set mqtt_url ${mqttUrl}`, `set device_id ${prefix}${spec.device_id}`];
  if (spec.type) lines.push(`set type ${spec.type}`);
  if (spec.interval_s !== undefined) lines.push(`set interval_s ${spec.interval_s}`);
  return lines;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const firmwareProvisionAction: ActionModule<FirmwareProvisionSpec> = {
  key: 'firmware.provision',
  schema: FirmwareProvisionSchema,
  defaultTimeoutMs: 60_000,
  label: (s) => `provision ${s.dut ?? 'dut'} as ${s.device_id}${s.type ? ` (${s.type})` : ''}`,
  compile(spec, ctx) {
    if (!ctx.sections.has('hil'))
      ctx.error(
        "firmware.provision needs a 'hil:' section with the board (hil: { boards: { dut: { port: 'emulator:esp32' } } })",
      );
    let timeoutMs = 10_000;
    if (spec.within !== undefined) {
      try {
        timeoutMs = parseDuration(spec.within);
      } catch (e) {
        ctx.error((e as Error).message, '/within');
      }
    }
    return {
      async run(rc) {
        const session = rc.sections.get<HilSession>('hil');
        if (!session) throw new Error("the scenario's hil section is not open");
        const board = session.board(spec.dut);
        for (const line of provisionLines(spec, rc.mqttUrl, rc.prefix)) {
          const key = line.split(' ')[1] ?? '';
          await board.console.send(line);
          const m = await board.console.expect(
            new RegexPattern(new RegExp(`(ok ${escape(key)}=.*|error: .*)`)),
            {
              timeoutMs,
              signal: rc.signal,
            },
          );
          if (m.text.startsWith('error: ')) {
            throw new FirmwareError(
              FIRMWARE_ERROR_CODES.PROVISION_FAILED,
              `${board.name} refused \`${line}\`: ${m.text.slice(7)} (is the board running twinbench-node? flash it first)`,
            );
          }
        }
        if (spec.reboot !== false) {
          await board.console.send('reboot');
          await board.console.expect(new RegexPattern(/rebooting/), { timeoutMs, signal: rc.signal });
        }
        return `${board.name} provisioned as ${rc.prefix}${spec.device_id} on ${rc.mqttUrl}${spec.reboot !== false ? ', rebooting' : ''}`;
      },
    };
  },
};
