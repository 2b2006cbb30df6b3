// The viewer part's door for Node-side users (the CLI, benches, tests): building the bundle and the
// scene file's schema. The browser code itself lives in src/ and is only ever bundled.
export { buildViewer, VIEWER_DIST, type BuildViewerOptions, type BuiltViewer } from './build-viewer.ts';
export { SceneSchema, type SceneFile } from './src/scene/scene-schema.ts';
export { parseSceneText, validateScene } from './src/scene/scene-file.ts';
export { VIEWER_ERROR_CODES, ViewerError, SceneError, type ViewerErrorCode } from './src/errors.ts';

/**
 * The browser harness of the viewer's tests and benchmark (headless Chromium with the network-quiet flags,
 * opening the viewer, reading pixels), loaded on demand so `twinbench demo` never loads playwright-core.
 */
export const browserHarness = () => import('./test/browser.ts');

/** The viewer's URL on a platform (it serves the bundle at /viewer/). */
export function viewerUrl(platformUrl: string): string {
  return `${platformUrl.replace(/\/$/, '')}/viewer/`;
}
