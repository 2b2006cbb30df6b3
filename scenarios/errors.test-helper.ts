import { ScenarioError } from './errors.ts';

/** The ScenarioError `fn` throws (any other outcome fails the test). */
export function errorOf(fn: () => unknown): ScenarioError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ScenarioError) return err;
    throw err;
  }
  throw new Error('expected a ScenarioError');
}
