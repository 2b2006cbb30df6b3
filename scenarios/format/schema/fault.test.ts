import { describe, expect, it } from 'vitest';
import { FAULT_KINDS as SIMULATOR_FAULT_KINDS } from '../../../simulator/index.ts';
import { FAULT_KINDS } from './fault.ts';

describe('scenario faults', () => {
  it('are the simulator faults, kind for kind', () => {
    expect([...FAULT_KINDS].sort()).toEqual([...SIMULATOR_FAULT_KINDS].sort());
  });
});
