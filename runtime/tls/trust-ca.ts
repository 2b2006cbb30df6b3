import { readFileSync } from 'node:fs';
import tls from 'node:tls';

/**
 * Makes this process's TLS clients trust a CA (the stack's own, `.twinbench/pki/ca.crt`) besides the
 * system's: Node's fetch and WebSocket (its bundled undici), mqtts and node:https. Process-wide, because
 * the global fetch takes no `ca` and a dispatcher from the npm undici does not fit Node's bundled one
 * (a major-version mismatch fails every request); `tls.setDefaultCACertificates` (Node ≥ 22.19) is what
 * Node offers for that. Safe to call again with the same file. Child processes get NODE_EXTRA_CA_CERTS.
 */
export function trustCa(caFile: string): void {
  const pem = readFileSync(caFile, 'utf8').trim();
  const current = tls.getCACertificates('default');
  if (current.some((c) => c.trim() === pem)) return;
  tls.setDefaultCACertificates([...current, pem]);
}
