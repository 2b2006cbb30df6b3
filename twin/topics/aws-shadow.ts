/**
 * AWS IoT Device Shadow topics: `$aws/things/{thing}/shadow[/name/{shadow}]/{op}` for requests, plus
 * `/accepted`, `/rejected`, `/update/delta` and `/update/documents` for what the service publishes.
 */
import { TWIN_ERROR_CODES as E, TwinError } from '../errors.ts';

export type ShadowOperation = 'update' | 'get' | 'delete';
export type ShadowOutcome = 'accepted' | 'rejected';

/** A parsed request topic. */
export interface ShadowTopic {
  thing: string;
  /** Absent for the classic (unnamed) shadow. */
  shadowName?: string;
  op: ShadowOperation;
}

const THINGS = '$aws/things/';

/** MQTT filters matching every shadow request topic, classic and named (and no response topic). */
export const SHADOW_REQUEST_FILTERS: readonly string[] = Object.freeze([
  '$aws/things/+/shadow/update',
  '$aws/things/+/shadow/get',
  '$aws/things/+/shadow/delete',
  '$aws/things/+/shadow/name/+/update',
  '$aws/things/+/shadow/name/+/get',
  '$aws/things/+/shadow/name/+/delete',
]);

/** `$aws/things/{thing}/shadow` or `$aws/things/{thing}/shadow/name/{shadowName}`. */
export function shadowTopicPrefix(thing: string, shadowName?: string): string {
  checkLevel('thing name', thing);
  if (shadowName === undefined) return `${THINGS}${thing}/shadow`;
  checkLevel('shadow name', shadowName);
  return `${THINGS}${thing}/shadow/name/${shadowName}`;
}

/** Request topic, e.g. `$aws/things/lamp-1/shadow/update`. */
export function shadowTopic(thing: string, op: ShadowOperation, shadowName?: string): string {
  return `${shadowTopicPrefix(thing, shadowName)}/${op}`;
}

/** Response topic, e.g. `$aws/things/lamp-1/shadow/name/cfg/get/accepted`. */
export function shadowResponseTopic(
  thing: string,
  op: ShadowOperation,
  outcome: ShadowOutcome,
  shadowName?: string,
): string {
  return `${shadowTopicPrefix(thing, shadowName)}/${op}/${outcome}`;
}

export function shadowDeltaTopic(thing: string, shadowName?: string): string {
  return `${shadowTopicPrefix(thing, shadowName)}/update/delta`;
}

export function shadowDocumentsTopic(thing: string, shadowName?: string): string {
  return `${shadowTopicPrefix(thing, shadowName)}/update/documents`;
}

/**
 * Parses a shadow request topic; `undefined` for anything else (response topics included). Names are
 * not checked here: `ShadowBook` rejects bad ones with a 400 that can then go to `/rejected`.
 */
export function parseShadowTopic(topic: string): ShadowTopic | undefined {
  if (!topic.startsWith(THINGS)) return undefined;
  const levels = topic.slice(THINGS.length).split('/');
  const thing = levels[0];
  if (thing === undefined || thing === '' || levels[1] !== 'shadow') return undefined;
  if (levels.length === 3) {
    const op = asOperation(levels[2]);
    return op === undefined ? undefined : { thing, op };
  }
  if (levels.length === 5 && levels[2] === 'name') {
    const shadowName = levels[3];
    const op = asOperation(levels[4]);
    if (shadowName === undefined || shadowName === '' || op === undefined) return undefined;
    return { thing, shadowName, op };
  }
  return undefined;
}

function asOperation(level: string | undefined): ShadowOperation | undefined {
  return level === 'update' || level === 'get' || level === 'delete' ? level : undefined;
}

/** A name must fill exactly one topic level. */
function checkLevel(what: string, name: string): void {
  if (typeof name === 'string' && name !== '' && !/[/+#]/.test(name) && !name.includes('\0')) return;
  throw new TwinError(
    E.TOPIC_BAD_SHADOW_NAME,
    `Invalid ${what} ${JSON.stringify(name)} for a shadow topic: it must be non-empty and contain no '/', '+', '#' or NUL`,
  );
}
