import { describe, expect, it } from 'vitest';
import { COMMAND_STATUSES } from '../devices/envelopes.ts';
import {
  COMMAND_LIFECYCLE,
  FINAL_COMMAND_STATUSES,
  canTransition,
  isCommandLifecycleStatus,
  isFinalCommandStatus,
} from './lifecycle.ts';

describe('the command lifecycle', () => {
  it('moves forward only, and never out of a final status', () => {
    expect(canTransition('pending', 'delivered')).toBe(true);
    expect(canTransition('pending', 'succeeded')).toBe(true);
    expect(canTransition('delivered', 'timed_out')).toBe(true);
    expect(canTransition('delivered', 'pending')).toBe(false);
    expect(canTransition('delivered', 'delivered')).toBe(false);
    for (const final of FINAL_COMMAND_STATUSES) {
      expect(isFinalCommandStatus(final)).toBe(true);
      for (const to of COMMAND_LIFECYCLE) expect(canTransition(final, to)).toBe(false);
    }
    expect(isFinalCommandStatus('delivered')).toBe(false);
  });

  it('contains every status a device may answer with', () => {
    for (const s of COMMAND_STATUSES) expect(isCommandLifecycleStatus(s)).toBe(true);
    expect(isCommandLifecycleStatus('done')).toBe(false);
  });
});
