/** The viewer's options, from the page URL's query (all optional). */
export interface ViewerConfig {
  /** `?api=` the platform's base URL. Default: the page's origin (the platform serves the viewer). */
  apiBase: string;
  /** The stream, derived from apiBase. */
  streamUrl: string;
  /** `?scene=` a scene file's URL (YAML or JSON). Default: a scene generated from the registry. */
  sceneUrl: string | undefined;
  /** `?renderer=2d` forces the floor plan. Default `auto` (WebGL when available). */
  renderer: 'auto' | '2d';
  /** `?test=1`: keep the drawing buffer so pixels can be read after a frame. */
  test: boolean;
  /** `?continuous=1`: render every animation frame (to measure frame rates). */
  continuous: boolean;
  /** `?device=` a device to open at start. */
  device: string | undefined;
  /**
   * `#token=` an API token (docs/security.md). In the fragment, never the query: browsers do not send
   * the fragment to the server, so it stays out of its logs. Default: none (main.ts then tries the
   * session's, and asks on a 401).
   */
  token: string | undefined;
}

/** The `token` parameter of a URL's fragment (`#token=…`), if any. */
export function tokenFromHash(hash: string): string | undefined {
  return new URLSearchParams(hash.replace(/^#/, '')).get('token') || undefined;
}

export function configFromUrl(href: string): ViewerConfig {
  const url = new URL(href);
  const q = url.searchParams;
  const apiBase = (q.get('api') ?? url.origin).replace(/\/$/, '');
  const streamUrl = `${apiBase.replace(/^http/, 'ws')}/stream`;
  return {
    apiBase,
    streamUrl,
    sceneUrl: q.get('scene') ?? undefined,
    renderer: q.get('renderer') === '2d' ? '2d' : 'auto',
    test: q.get('test') === '1',
    continuous: q.get('continuous') === '1',
    device: q.get('device') ?? undefined,
    token: tokenFromHash(url.hash),
  };
}
