import { SCENARIOS_ERROR_CODES, ScenarioError } from '../../errors.ts';
import { Name } from '../../format/schema/common.ts';
import type { ActionModule } from '../types.ts';

/** `clear_fault: <as>`: ends a lasting fault injected with `as:`. */
export const clearFaultAction: ActionModule<string> = {
  key: 'clear_fault',
  schema: Name,
  label: (name) => `clear fault ${name}`,
  compile(name, ctx) {
    if (!ctx.defined('fault', name)) ctx.badReference(`no earlier 'inject … as: ${name}'`);
    return {
      async run({ faults }) {
        const handle = faults.get(name);
        if (!handle)
          throw new ScenarioError(SCENARIOS_ERROR_CODES.BAD_REFERENCE, `no fault injected as '${name}'`);
        await handle.clear();
        return `fault ${name} cleared`;
      },
    };
  },
};
