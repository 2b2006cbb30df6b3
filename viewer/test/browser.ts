/* eslint-disable no-restricted-imports -- the viewer's tests run in Node: they start Chromium, a stack and files on disk (docs/viewer.md) */
// Headless Chromium for the viewer's tests and benchmark: Debian's /usr/bin/chromium driven by
// playwright-core, with SwiftShader WebGL and the flags that keep it off the network (../shared/notes/viewer.md).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.TWINBENCH_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-default-apps',
  '--disable-extensions',
  '--metrics-recording-only',
  '--no-default-browser-check',
];

export interface Browser extends AsyncDisposable {
  context: BrowserContext;
  close(): Promise<void>;
}

/** One Chromium with a fresh profile directory (removed on close). */
export async function launchBrowser(viewport = { width: 1280, height: 800 }): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'twinbench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    deviceScaleFactor: 1,
  });
  const close = async () => {
    await context.close().catch(() => undefined);
    await rm(profile, { recursive: true, force: true });
  };
  return { context, close, [Symbol.asyncDispose]: close };
}

/**
 * Opens the viewer a platform serves at /viewer/ (the platform must have found viewer/dist at start),
 * with the platform's API token in the URL fragment as `twinbench demo` links it (docs/security.md).
 */
export async function openViewer(
  page: Page,
  platformUrl: string,
  query = 'test=1',
  token?: string,
): Promise<void> {
  const base = `${platformUrl}/viewer/`;
  const res = await fetch(base);
  if (!res.ok)
    throw new Error(
      `${base} answered ${res.status}: ${await res.text()} (build the viewer before starting the platform)`,
    );
  await page.goto(`${base}?${query}${token ? `#token=${encodeURIComponent(token)}` : ''}`);
  // Page-side code is passed as text: this file is type-checked with Node's types, not the DOM's.
  await page.waitForFunction(
    `(() => { const a = document.getElementById('app'); return a?.dataset.ready === 'true' || !!a?.dataset.error; })()`,
    undefined,
    { timeout: 60_000 },
  );
  const error = await page.evaluate<string | undefined>(`document.getElementById('app')?.dataset.error`);
  if (error) throw new Error(`the viewer did not start: ${error}`);
}

/** Console errors and page errors, collected for a "no console errors" check. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** The average colour of a small square of the page around (x, y), CSS px relative to the canvas. */
export async function colourAt(
  page: Page,
  x: number,
  y: number,
  half = 2,
): Promise<[number, number, number]> {
  const box = await page.locator('canvas.scene-canvas').boundingBox();
  if (!box) throw new Error('no scene canvas on the page');
  return page.evaluate<[number, number, number], [number, number, number]>(
    new Function(
      'args',
      `const [cx, cy, r] = args;
      const canvas = document.querySelector('canvas.scene-canvas');
      const scale = canvas.width / canvas.clientWidth;
      const gl = canvas.getContext('webgl2');
      const size = (2 * r + 1) * Math.ceil(scale);
      const px = new Uint8Array(size * size * 4);
      const x0 = Math.round(cx * scale) - r;
      const y0 = Math.round(cy * scale) - r;
      if (gl) gl.readPixels(x0, canvas.height - y0 - size, size, size, gl.RGBA, gl.UNSIGNED_BYTE, px);
      else px.set(canvas.getContext('2d').getImageData(x0, y0, size, size).data);
      const sum = [0, 0, 0];
      for (let i = 0; i < px.length; i += 4) for (let c = 0; c < 3; c++) sum[c] += px[i + c];
      return sum.map((v) => Math.round(v / (px.length / 4)));`,
    ) as (args: [number, number, number]) => [number, number, number],
    [x, y, half],
  );
}

export function hexToRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.replace('#', ''), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

export function colourDistance(a: readonly number[], b: readonly number[]): number {
  return Math.max(...a.map((v, i) => Math.abs(v - (b[i] as number))));
}
