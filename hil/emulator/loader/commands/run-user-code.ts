import type { Handler } from '../session.ts';

/** RUN_USER_CODE (stub only): leave the loader without answering and boot the app. */
export const runUserCode: Handler = (s) => {
  s.host.runUserCode();
  return null;
};
