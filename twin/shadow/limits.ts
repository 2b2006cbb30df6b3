/** Shadow service limits. Defaults are the AWS IoT Device Shadow defaults; every one can be overridden. */
export interface ShadowLimits {
  /** Largest request payload and largest stored state (`desired` + `reported`, metadata excluded), in UTF-8 bytes. Default 8192. */
  maxDocumentBytes: number;
  /** Deepest nesting of `desired` / `reported`, the section object itself being level 1. Default 6. */
  maxDepth: number;
  /** Longest `clientToken`, in UTF-8 bytes. Default 64. */
  maxClientTokenBytes: number;
  /** Longest thing name, in characters. Default 128. */
  maxThingNameLength: number;
  /** Longest named-shadow name, in characters. Default 64. */
  maxShadowNameLength: number;
  /** Most requests per thing between `ShadowBook.acquire()` and its release. Default 10. */
  maxInFlightPerThing: number;
}

export const DEFAULT_SHADOW_LIMITS: Readonly<ShadowLimits> = Object.freeze({
  maxDocumentBytes: 8192,
  maxDepth: 6,
  maxClientTokenBytes: 64,
  maxThingNameLength: 128,
  maxShadowNameLength: 64,
  maxInFlightPerThing: 10,
});

/** How long a deleted shadow's version is remembered, so that re-creating it continues the numbering: 48 h. */
export const DELETED_VERSION_RETENTION_MS = 48 * 60 * 60 * 1000;
