import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { errorHandler } from './error-handler.ts';
import { viewerRoutes } from './viewer.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function appOn(root: string) {
  const app = Fastify();
  app.decorate('settings', { now: Date.now } as never);
  app.setErrorHandler(errorHandler);
  await app.register(viewerRoutes, { root });
  return app;
}

describe('/viewer/', () => {
  it("serves the viewer's build, and /viewer redirects to /viewer/", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tb-viewer-'));
    dirs.push(dir);
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>twinbench viewer</title>');
    await writeFile(join(dir, 'assets', 'viewer.js'), 'console.log(1)');
    const app = await appOn(dir);
    const redirect = await app.inject('/viewer');
    expect(redirect.statusCode).toBe(301);
    expect(redirect.headers.location).toBe('/viewer/');
    const index = await app.inject('/viewer/');
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('twinbench viewer');
    expect((await app.inject('/viewer/assets/viewer.js')).body).toBe('console.log(1)');
    await app.close();
  });

  it('answers 404 JSON saying to run npm run build:viewer when there is no build', async () => {
    const app = await appOn(join(tmpdir(), 'tb-viewer-missing-dir-that-does-not-exist'));
    for (const url of ['/viewer', '/viewer/', '/viewer/index.html']) {
      const res = await app.inject(url);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({
        code: 'TB_ERR_PLATFORM_NOT_BUILT',
        message: expect.stringContaining('run npm run build:viewer'),
      });
    }
    await app.close();
  });
});
