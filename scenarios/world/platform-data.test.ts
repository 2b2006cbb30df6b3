import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScenarioError } from '../errors.ts';
import { PlatformData } from './platform-data.ts';
import { PlatformHttp } from './platform-http.ts';

/** A stand-in platform on 127.0.0.1 that counts requests per path and answers what `answers` says. */
const requests: string[] = [];
const answers = new Map<string, [number, unknown]>();
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const [status, body] = answers.get(req.url ?? '') ?? [404, { message: 'no such device' }];
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("expectations' data from the platform", () => {
  it('looks at a twin with one GET /devices/:id: the twin, undefined on 404, an error otherwise', async () => {
    const data = new PlatformData(new PlatformHttp(() => url), () => ({}));
    answers.set('/devices/brk-1', [200, { device: { id: 'brk-1' }, online: true }]);
    answers.set('/devices/sick', [500, { message: 'store unavailable' }]);
    requests.length = 0;

    expect(await data.twin('brk-1')).toMatchObject({ online: true });
    expect(requests).toEqual(['GET /devices/brk-1']);

    expect(await data.twin('nobody')).toBeUndefined();
    const err = await data.twin('sick').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as ScenarioError).message).toBe('GET /devices/sick answered 500: store unavailable');
    expect(requests).toEqual(['GET /devices/brk-1', 'GET /devices/nobody', 'GET /devices/sick']);
  });
});
