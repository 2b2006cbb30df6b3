/**
 * API tokens on disk (docs/security.md, "Tokens"). The file holds names, roles, creation times and
 * SHA-256 digests, never a token: a token is 32 random bytes, so a plain digest cannot be reversed or
 * guessed, and no slow hash (scrypt) is needed as it would be for passwords people choose.
 *
 *   { "version": 1, "tokens": [{ "name": "ci", "role": "operator", "created": "…", "sha256": "…" }] }
 *
 * The platform reads the file (and reads it again when it changes); the CLI and the stack write it, under a lock.
 * Writes go through a temporary file and a rename, so a reader never sees half a file.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RUNTIME_ERROR_CODES, RuntimeError } from '../errors.ts';
import { API_ROLES, isApiRole, type ApiRole } from './roles.ts';

/** What a token file says of one token. */
export interface TokenRecord {
  name: string;
  role: ApiRole;
  /** ISO 8601. */
  created: string;
  /** Hex SHA-256 of the token's UTF-8 text. */
  sha256: string;
}

export interface TokenFile {
  version: 1;
  tokens: TokenRecord[];
}

/** Prefix of every token, so a leaked one is recognisable (secret scanners, logs). */
export const TOKEN_PREFIX = 'tbk_';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function digestToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A new token: the prefix and 32 random bytes, base64url. */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/**
 * The record whose digest matches `token`, comparing against every record in constant time (no early
 * exit on the first differing byte or record), or undefined.
 */
export function findToken(records: readonly TokenRecord[], token: string): TokenRecord | undefined {
  const digest = Buffer.from(digestToken(token), 'hex');
  let found: TokenRecord | undefined;
  for (const r of records) {
    const stored = Buffer.from(r.sha256, 'hex');
    if (stored.length === digest.length && timingSafeEqual(stored, digest)) found ??= r;
  }
  return found;
}

function bad(file: string, why: string): RuntimeError {
  return new RuntimeError(
    RUNTIME_ERROR_CODES.TOKEN_FILE,
    `Token file ${file} ${why}. Fix or remove it, then create tokens with \`twinbench token create --role viewer|operator|admin\`.`,
  );
}

/** Checks a parsed token file; every problem names the file and the entry. */
export function parseTokenFile(input: unknown, file = 'token file'): TokenFile {
  const doc = input as Partial<TokenFile> | null;
  if (!doc || typeof doc !== 'object' || doc.version !== 1 || !Array.isArray(doc.tokens))
    throw bad(file, 'is not a twinbench token file ({"version":1,"tokens":[…]})');
  doc.tokens.forEach((t, i) => {
    const r = t as Partial<TokenRecord> | null;
    if (!r || typeof r.name !== 'string' || !NAME.test(r.name))
      throw bad(file, `has a bad name at tokens[${i}]`);
    if (!isApiRole(r.role))
      throw bad(
        file,
        `gives ${r.name} the role ${JSON.stringify(r.role)}, not one of ${API_ROLES.join(', ')}`,
      );
    if (typeof r.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(r.sha256))
      throw bad(file, `has no sha256 digest for ${r.name}`);
    if (typeof r.created !== 'string') throw bad(file, `has no creation time for ${r.name}`);
  });
  return doc as TokenFile;
}

/** The file's tokens; a file that does not exist has none. */
export async function readTokenFile(file: string): Promise<TokenFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, tokens: [] };
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw bad(file, 'is not JSON');
  }
  return parseTokenFile(json, file);
}

async function writeTokenFile(file: string, doc: TokenFile): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  // Only digests inside, but nobody else needs to read it.
  await writeFile(tmp, JSON.stringify(doc, null, 2) + '\n', { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, file);
}

/**
 * Runs a read-modify-write of the file with a lock (a `<file>.lock` folder: mkdir is atomic), so two
 * processes adding tokens at once (a demo starting while someone runs `token create`) lose neither.
 * A lock older than 10 s is taken to be left by a crashed process and broken.
 */
async function withLock<T>(file: string, fn: () => Promise<T>): Promise<T> {
  const lock = `${file}.lock`;
  await mkdir(path.dirname(file), { recursive: true });
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const age = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > 10_000) await rmdir(lock).catch(() => undefined);
      else if (Date.now() > deadline)
        throw new RuntimeError(
          RUNTIME_ERROR_CODES.TOKEN_FILE,
          `Token file ${file} stays locked by another process (${lock}); try again, or remove ${lock} if no twinbench runs.`,
        );
      else await new Promise((r) => setTimeout(r, 20));
    }
  }
  try {
    return await fn();
  } finally {
    await rmdir(lock).catch(() => undefined);
  }
}

/**
 * Adds a token and returns it: the only time it exists in clear. A name already in the file is
 * refused (revoke it first).
 */
export async function createToken(
  file: string,
  o: { role: ApiRole; name: string; now?: () => number },
): Promise<{ token: string; record: TokenRecord }> {
  if (!NAME.test(o.name))
    throw new RuntimeError(
      RUNTIME_ERROR_CODES.TOKEN_FILE,
      `Token name ${JSON.stringify(o.name)}: use 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit.`,
    );
  return withLock(file, async () => {
    const doc = await readTokenFile(file);
    if (doc.tokens.some((t) => t.name === o.name))
      throw new RuntimeError(
        RUNTIME_ERROR_CODES.TOKEN_FILE,
        `A token named ${o.name} exists already in ${file}: choose another --name, or revoke it first (twinbench token revoke ${o.name}).`,
      );
    const token = generateToken();
    const record: TokenRecord = {
      name: o.name,
      role: o.role,
      created: new Date((o.now ?? Date.now)()).toISOString(),
      sha256: digestToken(token),
    };
    await writeTokenFile(file, { version: 1, tokens: [...doc.tokens, record] });
    return { token, record };
  });
}

/** Removes the token named `name`; false when there was none. */
export async function revokeToken(file: string, name: string): Promise<boolean> {
  return withLock(file, async () => {
    const doc = await readTokenFile(file);
    const tokens = doc.tokens.filter((t) => t.name !== name);
    if (tokens.length === doc.tokens.length) return false;
    await writeTokenFile(file, { version: 1, tokens });
    return true;
  });
}
