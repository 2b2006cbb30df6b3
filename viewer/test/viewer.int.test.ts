/* eslint-disable no-restricted-imports -- a Node-side browser test: it starts the stack and Chromium (docs/viewer.md) */
// The viewer in headless Chromium against a real stack, platform process and simulator fleet: it loads
// with no console errors, draws, turns a device's pixels to its bound colour when its twin changes,
// opens a device's panel on a click, sends a command and shows its status, replays the past, and falls
// back to a 2D plan. Screenshots go to reports/viewer/.
import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FleetSpec } from '../../simulator/index.ts';
import {
  colourAt,
  colourDistance,
  collectErrors,
  hexToRgb,
  launchBrowser,
  openViewer,
  type Browser,
} from './browser.ts';
import { playStory } from '../../cli/story/index.ts';
import { startViewerStack, type ViewerStack } from './stack.ts';

const REPORTS = 'reports/viewer';
const TRIPPED = '#e03131';
const OPEN = '#4c6ef5';

const spec: FleetSpec = {
  name: 'viewer-int',
  seed: 7,
  site: 'viewer-site',
  keepaliveSeconds: 5,
  groups: [
    { type: 'smart_breaker', count: 6, publishIntervalMs: 1000, options: { ratedCurrentA: 16, curve: 'B' } },
    { type: 'env_sensor', count: 6, publishIntervalMs: 2000, options: { initialBatteryPercent: 80 } },
    { type: 'camera', count: 3, publishIntervalMs: 2000, commandLatencyMs: 50, options: { recording: true } },
  ],
};

interface Hooks {
  color(id: string): string | undefined;
  screenPosition(id: string): { x: number; y: number } | undefined;
  focus(id: string): void;
  open(id: string | null): void;
  streamStatus(): string;
  dropStream(): void;
  seek(t: number): Promise<void>;
  live(): void;
}

const hooks = <T>(page: Page, fn: (h: Hooks, arg: string) => T, arg = ''): Promise<T> =>
  page.evaluate(
    ([src, a]) =>
      new Function('h', 'a', `return (${src})(h, a)`)(
        (globalThis as unknown as { twinbench: Hooks }).twinbench,
        a,
      ) as T,
    [fn.toString(), arg] as const,
  );

const waitFor = <T>(fn: () => T | Promise<T>, timeout = 15_000) => vi.waitFor(fn, { timeout, interval: 100 });

let s: ViewerStack;
let browser: Browser;
let page: Page;
let errors: string[];
const breaker = 'brk-0002';
let trippedAt = 0;
let redSeenAt = 0;

beforeAll(async () => {
  await mkdir(REPORTS, { recursive: true });
  s = await startViewerStack(spec, { heartbeatTimeoutMs: 15_000 });
  await waitFor(
    async () => expect((await s.api<{ devices: unknown[] }>('/devices')).body.devices).toHaveLength(15),
    30_000,
  );
  // Two hours of history at 5-minute points: sparklines have something to draw.
  await s.fleet?.backfill({ durationMs: 2 * 3_600_000, intervalMs: 300_000 });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  errors = collectErrors(page);
  await openViewer(page, s.platform.url, undefined, s.platform.token);
});

afterAll(async () => {
  await browser?.close();
  await s?.close();
});

describe('the 3D viewer', () => {
  it('loads with no console errors, live, and draws the building', async () => {
    expect(await page.evaluate(() => document.getElementById('app')?.dataset.renderer)).toBe('3d');
    await waitFor(async () => expect(await hooks(page, (h) => h.streamStatus())).toBe('live'));
    const shot = await page.locator('canvas.scene-canvas').screenshot();
    const drawn = await page.evaluate(() => {
      const c = document.querySelector('canvas.scene-canvas') as HTMLCanvasElement;
      const gl = c.getContext('webgl2') as WebGL2RenderingContext;
      const px = new Uint8Array(c.width * c.height * 4);
      gl.readPixels(0, 0, c.width, c.height, gl.RGBA, gl.UNSIGNED_BYTE, px);
      const background = 0xf8f9fa;
      const seen = new Set<number>();
      let notBackground = 0;
      for (let i = 0; i < px.length; i += 4) {
        const rgb = ((px[i] as number) << 16) | ((px[i + 1] as number) << 8) | (px[i + 2] as number);
        seen.add(rgb);
        if (rgb !== background) notBackground++;
      }
      return { colours: seen.size, share: notBackground / (px.length / 4) };
    });
    expect(shot.byteLength).toBeGreaterThan(5000);
    // A blank canvas is all background: one colour.
    expect(drawn.share, 'share of the canvas drawn over the background').toBeGreaterThan(0.05);
    expect(drawn.colours).toBeGreaterThan(10);
    await page.screenshot({ path: `${REPORTS}/viewer.png` });
    expect(errors).toEqual([]);
  });

  it('turns the right device red on screen when its twin trips', async () => {
    const before = await hooks(page, (h, id) => h.color(id), breaker);
    expect(before).not.toBe(TRIPPED);
    await hooks(page, (h, id) => h.focus(id), breaker);
    trippedAt = Date.now();
    s.fleet?.inject({ kind: 'overload', amps: 400 }, { ids: [breaker] });
    await waitFor(async () => expect(await hooks(page, (h, id) => h.color(id), breaker)).toBe(TRIPPED));
    redSeenAt = Date.now(); // tripped from before this instant until the reset below
    const at = await hooks(page, (h, id) => h.screenPosition(id), breaker);
    expect(at).toBeDefined();
    // Tripped blinks: wait for the lit phase, then the pixels under the device are the bound colour.
    await waitFor(
      async () =>
        expect(colourDistance(await colourAt(page, at!.x, at!.y), hexToRgb(TRIPPED))).toBeLessThan(12),
      5000,
    );
    // Its neighbour on the panel is not red.
    const other = await hooks(page, (h) => h.screenPosition('brk-0001'));
    expect(colourDistance(await colourAt(page, other!.x, other!.y), hexToRgb(TRIPPED))).toBeGreaterThan(40);
    await page.screenshot({ path: `${REPORTS}/tripped.png` });
  });

  it('opens the device panel on a click', async () => {
    const at = await hooks(page, (h, id) => h.screenPosition(id), breaker);
    const box = await page.locator('canvas.scene-canvas').boundingBox();
    await page.mouse.click(box!.x + at!.x, box!.y + at!.y);
    await waitFor(async () =>
      expect(await page.locator('.device-panel').getAttribute('data-device')).toBe(breaker),
    );
    await expect(page.locator('.device-panel .badge').textContent()).resolves.toBe('online');
    await waitFor(async () =>
      expect(await page.locator('.device-panel .spark svg').count()).toBeGreaterThan(0),
    );
  });

  it('sends a command from its button and shows its status as it progresses', async () => {
    await page.locator('.device-panel button[data-command="reset"]').click();
    await waitFor(async () =>
      expect(await page.locator('.command-status').getAttribute('data-status')).toBe('succeeded'),
    );
    expect(await page.locator('.command-status').textContent()).toMatch(/^reset: succeeded/);
    // The device obeyed: reset leaves a tripped breaker open (blue).
    await waitFor(async () => expect(await hooks(page, (h, id) => h.color(id), breaker)).toBe(OPEN));
    await page.screenshot({ path: `${REPORTS}/command.png` });
  });

  it('replays a past instant: the breaker is tripped again, then Live brings it back', async () => {
    const history = await s.api(
      `/history/fleet?from=${trippedAt - 60_000}&to=${Date.now()}&every=10s&fields=breaker_state`,
    );
    expect(history.status, 'the platform must serve GET /history/fleet').toBe(200);
    await waitFor(async () => {
      await hooks(page, (h, t) => h.seek(Number(t)), String(redSeenAt));
      expect(await hooks(page, (h, id) => h.color(id), breaker)).toBe(TRIPPED);
    });
    expect(await page.locator('.status').getAttribute('data-status')).toBe('replay');
    expect(
      await page.locator('.timeline .mark.trip').count(),
      'the trip is marked on the timeline',
    ).toBeGreaterThan(0);
    await page.screenshot({ path: `${REPORTS}/replay.png` });
    await page.locator('button.live').click();
    await waitFor(async () => expect(await hooks(page, (h, id) => h.color(id), breaker)).toBe(OPEN));
  });

  it('lets the keyboard walk the device table and open a device', async () => {
    await page.locator('.device-table tbody tr').first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const second = await page.locator('.device-table tbody tr').nth(1).getAttribute('data-id');
    await waitFor(async () =>
      expect(await page.locator('.device-panel').getAttribute('data-device')).toBe(second),
    );
  });

  it('says when the stream is stale and recovers by itself', async () => {
    await hooks(page, (h) => h.live());
    await hooks(page, (h) => h.dropStream());
    await waitFor(
      async () => expect(await page.locator('.status').getAttribute('data-status')).toBe('stale'),
      5000,
    );
    await waitFor(async () => expect(await hooks(page, (h) => h.streamStatus())).toBe('live'));
    expect(errors).toEqual([]);
  });

  it('draws a 2D floor plan without WebGL, where a click opens a device too', async () => {
    const plan = await browser.context.newPage();
    const planErrors = collectErrors(plan);
    // A browser without WebGL: canvases refuse webgl and webgl2 contexts.
    await plan.addInitScript(`{
      const get = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
        return /webgl/.test(kind) ? null : get.call(this, kind, ...rest);
      };
    }`);
    await openViewer(plan, s.platform.url, '', s.platform.token);
    expect(await plan.evaluate(() => document.getElementById('app')?.dataset.renderer)).toBe('2d');
    await hooks(plan, (h) => h.focus('env-0001'));
    const at = await hooks(plan, (h) => h.screenPosition('env-0001'));
    const box = await plan.locator('canvas.scene-canvas').boundingBox();
    await plan.mouse.click(box!.x + at!.x, box!.y + at!.y);
    await waitFor(async () =>
      expect(await plan.locator('.device-panel').getAttribute('data-device')).toBe('env-0001'),
    );
    await plan.screenshot({ path: `${REPORTS}/plan-2d.png` });
    expect(planErrors).toEqual([]);
    await plan.close();
  });

  it('plays the story: captions in the viewer while the incident unfolds, then back to normal', async () => {
    const captions = new Set<string>();
    const colours = new Set<string | undefined>();
    const ac = new AbortController();
    let done = false;
    const story = playStory({
      fleet: s.fleet!,
      platformUrl: s.platform.url,
      token: s.platform.token,
      signal: ac.signal,
      once: true,
      holdScale: 0.15,
    }).finally(() => (done = true));
    while (!done) {
      const text = await page.locator('.caption').textContent();
      if (text) captions.add(text);
      colours.add(await hooks(page, (h) => h.color('brk-0001')));
      await page.waitForTimeout(100);
    }
    await story;
    const all = [...captions].join('\n');
    expect(all).toMatch(/breaker brk-0001 trips/);
    expect(all).toMatch(/back to normal/);
    expect(colours.has(TRIPPED), 'the story tripped its breaker on screen').toBe(true);
    await waitFor(async () => expect(await page.locator('.caption').isHidden()).toBe(true));
    expect(errors).toEqual([]);
  });
});
