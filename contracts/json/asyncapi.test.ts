import { readFile } from 'node:fs/promises';
import { Parser } from '@asyncapi/parser';
import { describe, expect, it } from 'vitest';

const file = new URL('../../twin/json/asyncapi.json', import.meta.url);

describe('twin/json/asyncapi.json', () => {
  // The parser (with its Spectral rules) takes seconds on a busy 2-core machine: a bound, not a wait.
  it(
    'is a valid AsyncAPI 3.0.0 document (no error diagnostics from @asyncapi/parser)',
    { timeout: 60_000 },
    async () => {
      const text = await readFile(file, 'utf8');
      const { document, diagnostics } = await new Parser().parse(text);
      const errors = diagnostics.filter((d) => d.severity === 0);
      expect(errors.map((d) => `${d.path.join('.')}: ${d.message}`)).toEqual([]);
      expect(document?.version()).toBe('3.0.0');
    },
  );

  it('describes every built-in profile, the AWS shadow API and the stream', async () => {
    const doc = JSON.parse(await readFile(file, 'utf8')) as { channels: Record<string, { address: string }> };
    const addresses = Object.values(doc.channels).map((c) => c.address);
    for (const address of [
      'tb/v1/{id}/telemetry',
      'tb/v1/{id}/commands/response',
      'iot/node/{id}/command',
      'devices/{mac}/data',
      '$aws/things/{thing}/shadow/update/delta',
      '$aws/things/{thing}/shadow/name/{shadowName}/get/accepted',
      '/stream',
    ]) {
      expect(addresses).toContain(address);
    }
  });
});
