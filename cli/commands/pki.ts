import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { DEFAULT_PKI_DIR, ensurePki, issueDevice, registeredDevices } from '../../stack/index.ts';

interface PkiFlags {
  pki: string;
}

/**
 * `twinbench pki`: the stack's CA folder (docs/security.md, "Giving a real board its credentials").
 * `init` creates it; `issue <id>` gives a board its broker password and client certificate and
 * registers it, so a stack started with --device-auth or --mtls lets it in.
 */
export function pkiCommand(): Command {
  const pki = new Command('pki').description(
    'the CA folder: a real board’s broker credentials and certificates (--device-auth, --tls, --mtls)',
  );
  pki
    .command('init')
    .description(
      'create the CA, the server certificate and the device secret (kept if present) and print where',
    )
    .option('--pki <dir>', 'CA folder', DEFAULT_PKI_DIR)
    .option(
      '--host <name...>',
      'names or addresses the server certificate must also cover (your LAN address)',
    )
    .action(async (flags: PkiFlags & { host?: string[] }) => {
      const p = await ensurePki(flags.pki, flags.host ?? []);
      console.log(`ca        ${p.caFile}   (give this to boards and browsers to trust)`);
      console.log(`server    ${p.serverCertFile}, ${p.serverKeyFile}`);
      console.log(
        `secret    ${path.join(p.dir, 'device-secret')}   (device passwords derive from it: keep it private)`,
      );
      console.log(`boards    ${(await registeredDevices(p.dir)).length} registered`);
    });
  pki
    .command('issue')
    .description('a board’s credentials: user name, password, client certificate and key, the CA')
    .argument('<device-id>', 'the board’s device id (its broker user name and certificate CN)')
    .option('--pki <dir>', 'CA folder', DEFAULT_PKI_DIR)
    .option('--out <dir>', 'also copy ca.crt, <id>.crt and <id>.key here (e.g. the firmware project’s data/)')
    .option('--json', 'print as JSON')
    .action(async (id: string, flags: PkiFlags & { out?: string; json?: boolean }) => {
      const p = await ensurePki(flags.pki);
      const c = await issueDevice(p, id);
      if (flags.out) {
        await mkdir(flags.out, { recursive: true });
        for (const f of [c.caFile, c.certFile, c.keyFile])
          await copyFile(f, path.join(flags.out, path.basename(f)));
      }
      if (flags.json) {
        console.log(JSON.stringify(c, null, 2));
        return;
      }
      console.log(`device    ${c.id}`);
      console.log(`username  ${c.username}`);
      console.log(`password  ${c.password}`);
      console.log(`ca        ${c.caFile}`);
      console.log(`cert      ${c.certFile}`);
      console.log(`key       ${c.keyFile}`);
      console.error(
        `[twinbench] ${c.id} is registered in ${path.join(p.dir, 'devices.txt')}: a stack started with --device-auth or --mtls lets it in (a running one within a second or two).`,
      );
    });
  return pki;
}
