/**
 * TypeBox validators compiled on first use, not at import: a process that never parses a given message
 * (a simulator parses none of them) does not pay for generating its checking code.
 */
import { Compile } from 'typebox/compile';
import type { TSchema } from 'typebox';

export type CompiledCheck<T extends TSchema> = ReturnType<typeof Compile<T>>;

/** `Compile(schema)`, deferred until the returned function is first called; later calls reuse it. */
export function lazyCompile<T extends TSchema>(schema: T): () => CompiledCheck<T> {
  let check: CompiledCheck<T> | undefined;
  return () => (check ??= Compile(schema));
}
