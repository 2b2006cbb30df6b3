/** Valid sample values for tests, derived from the specs so every field of every type is covered. */
import type { FieldSpec, FieldValue } from './fields.ts';

export function sampleValue(spec: FieldSpec): FieldValue {
  if (spec.enum !== undefined) return spec.enum[spec.enum.length - 1]!;
  if (spec.kind === 'boolean') return true;
  if (spec.kind === 'string') return '1.2.3';
  const min = spec.min ?? 0;
  const max = spec.max ?? min + 1000;
  const mid = (min + max) / 2;
  return spec.kind === 'integer' ? Math.round(mid) : mid;
}

export function sampleFields(fields: Record<string, FieldSpec>): Record<string, FieldValue> {
  return Object.fromEntries(Object.entries(fields).map(([name, spec]) => [name, sampleValue(spec)]));
}
