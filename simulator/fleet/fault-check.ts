import { SIMULATOR_ERROR_CODES, SimulatorError } from '../errors.ts';
import {
  DeviceSelectorSchema,
  FAULT_KINDS,
  FaultKindSchema,
  faultSchema,
  type DeviceSelector,
  type Fault,
  type FaultKind,
} from './fault-types.ts';
import { pathText, schemaIssues, type SpecIssue, type SpecPath } from './schema-issues.ts';

/** Issues of a fault: first its `kind`, then that kind's own properties. */
export function faultIssues(value: unknown, base: SpecPath = []): SpecIssue[] {
  const kindIssues = schemaIssues(FaultKindSchema, value, base);
  if (kindIssues.length > 0) {
    const kind = (value as { kind?: unknown } | null)?.kind;
    if (kind === undefined)
      return [{ path: base, message: `a fault needs a kind; one of ${FAULT_KINDS.join(', ')}` }];
    return [
      {
        path: [...base, 'kind'],
        message: `unknown fault kind ${JSON.stringify(kind)}; one of ${FAULT_KINDS.join(', ')}`,
      },
    ];
  }
  return schemaIssues(faultSchema((value as { kind: FaultKind }).kind), value, base);
}

function fail(
  what: string,
  issues: SpecIssue[],
  code: typeof SIMULATOR_ERROR_CODES.BAD_FAULT | typeof SIMULATOR_ERROR_CODES.BAD_SELECTOR,
): never {
  const text = issues.map((i) => `${pathText(i.path)}: ${i.message}`).join('; ');
  throw new SimulatorError(code, `Invalid ${what}: ${text}. See docs/simulator.md (faults).`);
}

/** The fault, checked; throws TB_ERR_SIMULATOR_BAD_FAULT naming every wrong property. */
export function checkFault(value: unknown): Fault {
  const issues = faultIssues(value, ['fault']);
  if (issues.length > 0) fail('fault', issues, SIMULATOR_ERROR_CODES.BAD_FAULT);
  return value as Fault;
}

/** The selector, checked; throws TB_ERR_SIMULATOR_BAD_SELECTOR. */
export function checkSelector(value: unknown): DeviceSelector {
  const issues = schemaIssues(DeviceSelectorSchema, value, ['selector']);
  if (issues.length > 0) fail('device selector', issues, SIMULATOR_ERROR_CODES.BAD_SELECTOR);
  return value as DeviceSelector;
}
