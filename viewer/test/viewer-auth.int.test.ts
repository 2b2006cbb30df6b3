/* eslint-disable no-restricted-imports -- a Node-side browser test: it starts the stack and Chromium (docs/viewer.md) */
// The viewer and API tokens in a real browser (docs/security.md): the demo's link carries the token in
// its fragment, the page takes it off the address bar and goes live (REST with the header, the stream
// with a first message); without a token it asks for one on the platform's 401.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../runtime/index.ts';
import { launchBrowser, type Browser } from './browser.ts';
import { startViewerStack, type ViewerStack } from './stack.ts';

let s: ViewerStack;
let browser: Browser;
let viewerToken: string;

beforeAll(async () => {
  s = await startViewerStack(
    {
      name: 'viewer-auth',
      seed: 3,
      site: 'auth-site',
      groups: [{ type: 'env_sensor', count: 2, publishIntervalMs: 500 }],
    },
    { auth: { streamAuthTimeoutMs: 500 } },
  ); // a stream without its auth message is closed within 0.5 s
  viewerToken = (await createToken(s.platform.tokenFile as string, { role: 'viewer', name: 'screen' })).token;
  // The platform re-reads its token file within a second.
  await new Promise((r) => setTimeout(r, 1_500));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await s?.close();
});

const state = `(() => { const a = document.getElementById('app'); return a?.dataset.ready === 'true' ? 'ready' : a?.dataset.error; })()`;

describe('the viewer with API tokens', () => {
  it('takes its token from the fragment, removes it from the address bar and goes live', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${s.platform.url}/viewer/?test=1#token=${viewerToken}`);
    await page.waitForFunction(state, undefined, { timeout: 60_000 });
    expect(await page.evaluate(state)).toBe('ready');
    expect(page.url()).not.toContain(viewerToken);
    // Telemetry reaches the page over the stream: it was authenticated by its first message (a stream
    // without one is closed before it gets any change).
    await page.evaluate(`window.twinbench.recordLatency()`);
    await page.waitForFunction(`window.twinbench.latencies().length > 0`, undefined, { timeout: 15_000 });
    await page.close();
  });

  it('asks for a token when the platform answers 401, and starts with the one given', async () => {
    const page = await browser.context.newPage();
    const asked: string[] = [];
    page.on('dialog', (d) => {
      asked.push(d.message());
      void d.accept(viewerToken);
    });
    await page.goto(`${s.platform.url}/viewer/?test=1`);
    await page.waitForFunction(state, undefined, { timeout: 60_000 });
    expect(await page.evaluate(state)).toBe('ready');
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain('twinbench token create --role viewer');
    await page.close();
  });
});
