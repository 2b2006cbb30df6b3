import type { BrokerOptions, StackSecurityOptions } from '../options.ts';
import type { StackTls } from '../info.ts';
import { DEFAULT_PKI_DIR, ensurePki, registeredDevices } from './pki.ts';

/** StackSecurityOptions turned into broker options (CA folder created or reused) and what StackInfo tells. */
export async function applySecurity(
  broker: BrokerOptions,
  s: StackSecurityOptions | undefined,
): Promise<{ broker: BrokerOptions; tls?: StackTls; listen?: string }> {
  if (!s || !(s.deviceAuth || s.tls || s.mutualTls || s.listen)) return { broker };
  const tlsOn = s.tls === true || s.mutualTls === true;
  const authOn = s.deviceAuth === true || s.mutualTls === true;
  const out: BrokerOptions = { ...broker };
  if (s.listen) out.bindAddress = s.listen;
  if (!tlsOn && !authOn) return { broker: out, listen: s.listen as string };
  const dir = s.pkiDir ?? DEFAULT_PKI_DIR;
  const hosts = s.listen && s.listen !== '0.0.0.0' && s.listen !== '::' ? [s.listen] : [];
  const pki = await ensurePki(dir, hosts);
  if (authOn) {
    const ids = [...new Set([...(await registeredDevices(dir)), ...(s.deviceIds ?? [])])];
    out.deviceAuth = {
      ...broker.deviceAuth,
      secret: pki.deviceSecret,
      deviceIds: ids,
      ...(s.countDeniedPublishes ? { countDeniedPublishes: true } : {}),
    };
  }
  let tls: StackTls | undefined;
  if (tlsOn) {
    out.tls = {
      ...broker.tls,
      certFile: pki.serverCertFile,
      keyFile: pki.serverKeyFile,
      caFile: pki.caFile,
      ...(s.mutualTls ? { requireClientCert: true } : {}),
    };
    tls = { pkiDir: dir, caFile: pki.caFile, certFile: pki.serverCertFile, keyFile: pki.serverKeyFile };
  }
  return { broker: out, ...(tls ? { tls } : {}), ...(s.listen ? { listen: s.listen } : {}) };
}
