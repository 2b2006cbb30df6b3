/** Turning an MQTT payload (bytes or text) into a JSON value; objects pass through untouched. */
import { fail, ok, type Result } from '../result.ts';

const decoder = new TextDecoder('utf-8', { fatal: true });

export function decodeJson(payload: unknown): Result<unknown> {
  if (typeof payload !== 'string' && !(payload instanceof Uint8Array)) return ok(payload);
  let text: string;
  try {
    text = typeof payload === 'string' ? payload : decoder.decode(payload);
  } catch {
    return fail(['payload is not UTF-8 text; send a UTF-8 JSON object']);
  }
  try {
    return ok(JSON.parse(text) as unknown);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const shown = text.length > 60 ? `${text.slice(0, 60)}…` : text;
    return fail([`payload is not valid JSON (${detail}): ${JSON.stringify(shown)}; send a JSON object`]);
  }
}
