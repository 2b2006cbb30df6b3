import { SCENARIOS_ERROR_CODES, type ScenarioIssue } from '../errors.ts';
import { locate, metaOf, setMeta } from './source-map.ts';

export type ParamValue = string | number | boolean | null;
export type Params = Record<string, ParamValue>;

const REF = /\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}/g;
const WHOLE = /^\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}$/;

/**
 * Replaces `${name}` in every string of `value` (a whole-string reference keeps the parameter's type, so
 * `amps: ${amps}` stays a number); `$${` writes a literal `${`. Unknown names are reported with their place.
 */
export function substitute(
  value: unknown,
  params: Params,
  root: unknown,
  issues: (ScenarioIssue & { code: string })[],
  pointer = '',
): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole) {
      const name = whole[1] as string;
      if (name in params) return params[name];
    }
    return value
      .replace(REF, (text, name: string, offset: number) => {
        if (offset > 0 && value[offset - 1] === '$') return text;
        if (name in params) return String(params[name]);
        const location = locate(root, pointer);
        const known = Object.keys(params);
        issues.push({
          code: SCENARIOS_ERROR_CODES.UNKNOWN_PARAM,
          path: pointer,
          message: `unknown parameter \${${name}}; ${known.length ? `known: ${known.join(', ')}` : "declare it under 'params:' or 'matrix:'"}`,
          ...(location ? { location } : {}),
        });
        return text;
      })
      .replace(/\$\$\{/g, '${');
  }
  if (Array.isArray(value)) {
    const out = value.map((v, i) => substitute(v, params, root, issues, `${pointer}/${i}`));
    const m = metaOf(value);
    if (m) setMeta(out, m);
    return out;
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[k] = substitute(
        v,
        params,
        root,
        issues,
        `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`,
      );
    const m = metaOf(value);
    if (m) setMeta(out, m);
    return out;
  }
  return value;
}
