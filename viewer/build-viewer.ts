/**
 * Bundles the viewer with esbuild into viewer/dist/ (index.html, main.js, viewer.css), which the
 * platform serves at /viewer/. Runs in Node (the build script, `twinbench demo`, the tests), never in
 * the page. Takes well under a second.
 */
import { build, type BuildResult } from 'esbuild';

const here = (p: string) => decodeURIComponent(new URL(p, import.meta.url).pathname);

/** Where the build goes: the folder the platform serves. */
export const VIEWER_DIST = here('./dist/');

export interface BuildViewerOptions {
  /** Output folder. Default VIEWER_DIST. */
  outdir?: string;
  /** Minify the bundle. Default true. */
  minify?: boolean;
  /** Source maps beside the bundle. Default 'linked'. */
  sourcemap?: boolean | 'linked' | 'external';
}

export interface BuiltViewer {
  outdir: string;
  /** Bundle sizes, bytes, by output file. */
  bytes: Record<string, number>;
  ms: number;
}

export async function buildViewer(options: BuildViewerOptions = {}): Promise<BuiltViewer> {
  const started = performance.now();
  const outdir = options.outdir ?? VIEWER_DIST;
  const result: BuildResult<{ metafile: true }> = await build({
    entryPoints: [here('./src/main.ts'), here('./src/viewer.css'), here('./src/index.html')],
    outdir,
    entryNames: '[name]',
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome110', 'firefox115', 'safari16'],
    loader: { '.html': 'copy' },
    minify: options.minify ?? true,
    sourcemap: options.sourcemap ?? 'linked',
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
  });
  const bytes: Record<string, number> = {};
  for (const [file, out] of Object.entries(result.metafile.outputs))
    bytes[file.split('/').pop() ?? file] = out.bytes;
  return { outdir, bytes, ms: Math.round(performance.now() - started) };
}
