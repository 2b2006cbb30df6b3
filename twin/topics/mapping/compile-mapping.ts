/** A payload mapping spec compiled once into the closures the platform calls per message. */
import { lazyCompile } from '../../devices/lazy-compile.ts';
import { formatSchemaErrors } from '../../devices/schema-errors.ts';
import { TWIN_ERROR_CODES as E, TwinError } from '../../errors.ts';
import { durationError, tryParseDuration } from '../../time/duration.ts';
import {
  compileCommandEncoder,
  compileResponseDecoder,
  type CommandEncoder,
  type ResponseDecoder,
} from './commands.ts';
import { compileInbound, type InboundMapping } from './inbound.ts';
import {
  LivenessSpecSchema,
  PayloadMappingSchema,
  type LivenessSpec,
  type PayloadMappingSpec,
} from './mapping-schema.ts';

export interface CompiledMapping {
  readonly inbound: InboundMapping;
  readonly encodeCommand: CommandEncoder;
  readonly decodeResponse: ResponseDecoder;
}

/** Per-profile liveness, in ms. */
export interface ProfileLiveness {
  offlineAfterMs: number;
  checkEveryMs: number;
}

const mappingCheck = lazyCompile(PayloadMappingSchema);
const livenessCheck = lazyCompile(LivenessSpecSchema);

function bad(profile: string, why: string): TwinError {
  return new TwinError(E.TOPIC_BAD_PROFILE, `Invalid topic profile '${profile}': ${why}`);
}

/** Checks a mapping spec (its schema, then what the schema cannot say) and compiles it. */
export function compileMapping(spec: PayloadMappingSpec, profile: string): CompiledMapping {
  const check = mappingCheck();
  if (!check.Check(spec)) throw bad(profile, formatSchemaErrors(check, spec, 'mapping').join('; '));
  for (const [field, map] of Object.entries(spec.values ?? {})) {
    if (Object.keys(map).length === 0)
      throw bad(profile, `mapping.values.${field} is empty; list the values to map`);
  }
  return {
    inbound: compileInbound(spec),
    encodeCommand: compileCommandEncoder(spec.commands),
    decodeResponse: compileResponseDecoder(spec.commands),
  };
}

/** Default check interval of a profile's offline timeout: a fifth of it, at least 1 s. */
const checkEveryDefault = (offlineAfterMs: number) => Math.max(1000, Math.round(offlineAfterMs / 5));

export function compileLiveness(spec: LivenessSpec, profile: string): ProfileLiveness | undefined {
  const check = livenessCheck();
  if (!check.Check(spec)) throw bad(profile, formatSchemaErrors(check, spec, 'liveness').join('; '));
  if (spec.offlineAfter === undefined) return undefined;
  const offlineAfterMs = tryParseDuration(spec.offlineAfter);
  if (offlineAfterMs === undefined || offlineAfterMs < 100)
    throw bad(profile, durationError(spec.offlineAfter, 'liveness.offlineAfter') + ' (at least 100ms)');
  const every =
    spec.checkEvery === undefined ? checkEveryDefault(offlineAfterMs) : tryParseDuration(spec.checkEvery);
  if (every === undefined || every < 100)
    throw bad(profile, durationError(spec.checkEvery, 'liveness.checkEvery') + ' (at least 100ms)');
  return { offlineAfterMs, checkEveryMs: every };
}
