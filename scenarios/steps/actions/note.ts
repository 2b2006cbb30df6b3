import Type from 'typebox';
import type { ActionModule } from '../types.ts';

/** `note: text`: a line in the event log and the report. */
export const noteAction: ActionModule<string> = {
  key: 'note',
  schema: Type.String({ description: 'a line in the event log and report' }),
  label: (text) => `note ${text}`,
  compile: (text) => ({ run: async () => text }),
};
