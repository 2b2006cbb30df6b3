import { randomBytes } from 'node:crypto';
import { Command, Option } from 'commander';
import { API_ROLES, createToken, readTokenFile, revokeToken, type ApiRole } from '../../runtime/index.ts';

/**
 * The token file of the platforms the CLI starts, in the state folder beside `stack up`'s
 * `.twinbench/stack.json` (docs/security.md). TWINBENCH_TOKEN_FILE names another.
 */
export const DEFAULT_TOKEN_FILE = '.twinbench/tokens.json';

export function tokenFile(flag?: string): string {
  return flag ?? (process.env.TWINBENCH_TOKEN_FILE || DEFAULT_TOKEN_FILE);
}

const fileOption = () =>
  new Option(
    '--file <file>',
    `token file (default: $TWINBENCH_TOKEN_FILE, else ${DEFAULT_TOKEN_FILE}, which the platforms started from this folder read)`,
  );

/** `twinbench token create|list|revoke`: API tokens with roles (docs/security.md). */
export function tokenCommand(): Command {
  const cmd = new Command('token').description(
    'API tokens for the platform: viewer (read), operator (+ desired state, commands), admin (+ registry)',
  );
  cmd
    .command('create')
    .description('create a token and print it (only this once: the file keeps a digest)')
    .addOption(new Option('--role <role>', 'what the token may do').choices(API_ROLES).makeOptionMandatory())
    .option('--name <name>', 'a name to list and revoke it by (default: <role>-<random>)')
    .addOption(fileOption())
    .action(async (flags: { role: ApiRole; name?: string; file?: string }) => {
      const file = tokenFile(flags.file);
      const name = flags.name ?? `${flags.role}-${randomBytes(3).toString('hex')}`;
      const { token } = await createToken(file, { role: flags.role, name });
      // The token alone on stdout, so TOKEN=$(twinbench token create …) works; the rest on stderr.
      console.log(token);
      console.error(
        `[twinbench] ${flags.role} token '${name}' added to ${file}. It is shown only now: keep it somewhere safe; send it as "Authorization: Bearer <token>". A running platform using this file accepts it within a second.`,
      );
    });
  cmd
    .command('list')
    .description('the tokens in the file: names, roles, creation times (never the tokens)')
    .option('--json', 'as JSON')
    .addOption(fileOption())
    .action(async (flags: { json?: boolean; file?: string }) => {
      const file = tokenFile(flags.file);
      const { tokens } = await readTokenFile(file);
      const rows = tokens.map(({ name, role, created }) => ({ name, role, created }));
      if (flags.json) return console.log(JSON.stringify(rows, null, 2));
      if (rows.length === 0) return console.error(`[twinbench] no tokens in ${file}`);
      const w = Math.max(4, ...rows.map((r) => r.name.length));
      console.log(`${'name'.padEnd(w)}  ${'role'.padEnd(8)}  created`);
      for (const r of rows) console.log(`${r.name.padEnd(w)}  ${r.role.padEnd(8)}  ${r.created}`);
    });
  cmd
    .command('revoke')
    .description('remove a token: a running platform using this file refuses it within a second')
    .argument('<name>', 'the token name (twinbench token list)')
    .addOption(fileOption())
    .action(async (name: string, flags: { file?: string }) => {
      const file = tokenFile(flags.file);
      if (!(await revokeToken(file, name))) {
        console.error(
          `[twinbench] no token named '${name}' in ${file}: \`twinbench token list\` shows the names.`,
        );
        process.exitCode = 1;
        return;
      }
      console.error(`[twinbench] token '${name}' revoked in ${file}`);
    });
  return cmd;
}
