import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { fakePlatform } from '../ports/fake-platform.ts';
import { contractRoutes } from './contract.ts';
import { errorHandler } from './error-handler.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function appOn(file: string) {
  const app = Fastify();
  app.decorate('settings', { now: Date.now } as never);
  app.setErrorHandler(errorHandler);
  await app.register(contractRoutes, { file });
  return app;
}

describe('GET /asyncapi.json', () => {
  it('answers 404 JSON saying to run npm run contract while the document does not exist, then serves it once written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tb-contract-'));
    dirs.push(dir);
    const file = join(dir, 'asyncapi.json');
    const app = await appOn(file);
    const missing = await app.inject('/asyncapi.json');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({
      code: 'TB_ERR_PLATFORM_NOT_BUILT',
      message: expect.stringContaining('run npm run contract'),
    });
    await writeFile(file, JSON.stringify({ asyncapi: '3.0.0', info: { title: 't', version: '1' } }));
    const served = await app.inject('/asyncapi.json');
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toMatch(/^application\/json/);
    expect(served.json()).toMatchObject({ asyncapi: '3.0.0' });
    await app.close();
  });

  it("is linked from the OpenAPI document's info and externalDocs", async () => {
    await using p = await fakePlatform();
    const openapi = (
      await p.api<{ info: { description: string }; externalDocs: { url: string } }>('GET', '/docs/json')
    ).body;
    expect(openapi.info.description).toContain('/asyncapi.json');
    expect(openapi.externalDocs.url).toBe('/asyncapi.json');
    expect(Object.keys((await p.api<{ paths: object }>('GET', '/docs/json')).body.paths)).toEqual(
      expect.arrayContaining(['/asyncapi.json', '/history/snapshot', '/history/fleet']),
    );
  });
});
