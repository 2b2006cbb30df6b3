import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import {
  builtinProfile,
  isBuiltinProfileName,
  parseProfileText,
  tryMessage,
  type MessageTrial,
  type TopicProfile,
} from '../../twin/index.ts';
import { deviceTypesOption, registerDeviceTypeFlags } from '../stack-flags.ts';

/** A built-in profile by name, or a YAML/JSON profile file (errors with file:line:col). */
async function loadProfile(nameOrFile: string): Promise<TopicProfile> {
  if (isBuiltinProfileName(nameOrFile)) return builtinProfile(nameOrFile);
  let text: string;
  try {
    text = await readFile(nameOrFile, 'utf8');
  } catch {
    throw new Error(
      `'${nameOrFile}' is neither a built-in profile (twinbench, iot-node, devices-mac) nor a readable profile file`,
    );
  }
  return parseProfileText(text, nameOrFile).profile;
}

/** The message file as JSON, or as text when it is not JSON (bare statuses and heartbeats). */
async function loadMessage(file: string): Promise<unknown> {
  const text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text.trim();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function table(rows: Record<string, unknown>): string[] {
  const w = Math.max(...Object.keys(rows).map((k) => k.length));
  return Object.entries(rows).map(([k, v]) => `  ${k.padEnd(w)}  ${JSON.stringify(v)}`);
}

function print(profile: TopicProfile, topic: string, t: MessageTrial): void {
  const head = `profile ${profile.name} · ${topic}`;
  if (!t.ok) {
    console.log(`${head}${t.kind ? ` → ${t.kind} of ${t.deviceId}` : ''}`);
    console.log('REJECTED:');
    for (const e of t.errors) console.log(`  ${e}`);
    return;
  }
  console.log(`${head} → ${t.kind} of ${t.deviceId}${t.type ? ` (${t.type})` : ''}`);
  if (t.kind === 'telemetry') {
    console.log(
      t.ts !== undefined
        ? `time: ${new Date(t.ts).toISOString()} (${t.ts} ms, from the message)`
        : 'time: none in the message (the platform uses the arrival time)',
    );
    const fields = t.fields ?? {};
    console.log(Object.keys(fields).length > 0 ? 'fields:' : 'fields: none');
    for (const line of table(fields)) console.log(line);
  }
  if (t.response) console.log(`command response: ${JSON.stringify(t.response)}`);
  if (t.metadata) {
    console.log('metadata (kept, GET /devices/:id/metadata):');
    for (const line of table(t.metadata)) console.log(line);
  }
  if (t.ignored) console.log(`ignored by rule: ${t.ignored.join(', ')}`);
  if (t.unknown)
    console.log(`unknown (dropped and counted; a strict profile rejects them): ${t.unknown.join(', ')}`);
  console.log('ACCEPTED');
}

/** `twinbench profile test PROFILE MESSAGE --topic T`: what a message becomes, before anything runs. */
export function profileCommand(): Command {
  const cmd = new Command('profile').description(
    'topic profiles and payload mappings (docs/byo-firmware.md)',
  );
  cmd
    .command('test')
    .description('print the twin fields a device message becomes under a profile, or why it is rejected')
    .argument(
      '<profile>',
      'a built-in profile (twinbench, iot-node, devices-mac) or a YAML/JSON profile file',
    )
    .argument('<message>', 'a file with the message as the device sends it (JSON), or - for stdin')
    .requiredOption(
      '--topic <topic>',
      'the topic the device publishes it on, e.g. iot/node/esp32-01/telemetry',
    )
    .option('--type <type>', "the device's type, when the profile names none (env_sensor, smart_breaker …)")
    .option('--json', 'print the result as JSON')
    .addOption(deviceTypesOption())
    .action(
      async (
        profileArg: string,
        messageFile: string,
        flags: { topic: string; type?: string; json?: boolean; deviceTypes?: string[] },
      ) => {
        registerDeviceTypeFlags(flags.deviceTypes);
        const profile = await loadProfile(profileArg);
        const message = await loadMessage(messageFile);
        const trial = tryMessage(profile, flags.topic, message, flags.type ? { type: flags.type } : {});
        if (flags.json) console.log(JSON.stringify(trial, null, 2));
        else print(profile, flags.topic, trial);
        process.exitCode = trial.ok ? 0 : 1;
      },
    );
  return cmd;
}
