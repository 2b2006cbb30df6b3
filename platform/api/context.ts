import type { PlatformCore } from '../core.ts';
import type { StreamHub } from '../twins/stream-hub.ts';

/** What every route plugin receives as its options. */
export interface ApiContext {
  core: PlatformCore;
  hub: StreamHub;
}
