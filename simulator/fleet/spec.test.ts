import { describe, expect, it } from 'vitest';
import { FleetSpecError } from './spec-errors.ts';
import { loadFleetSpec, parseFleetSpec, validateFleetSpec } from './load-spec.ts';

function issuesOf(yaml: string): string[] {
  try {
    parseFleetSpec(yaml, 'fleet.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(FleetSpecError);
    const e = err as FleetSpecError;
    expect(e.code).toBe('TB_ERR_SIMULATOR_BAD_SPEC');
    return e.issues.map((i) => `${i.line}:${i.col} ${i.message}`);
  }
  throw new Error('expected a FleetSpecError');
}

const valid = `
name: plant
seed: 7
site: plant-1
groups:
  - type: smart_breaker
    count: 3
    options: { ratedCurrentA: 32, curve: B }
    tags: { panel: A }
  - type: camera
    count: 2
    idPattern: cam-{n}
`;

describe('fleet spec validation', () => {
  it('accepts a good spec as is', () => {
    const spec = parseFleetSpec(valid);
    expect(spec.groups).toHaveLength(2);
    expect(spec.groups[0]?.options).toEqual({ ratedCurrentA: 32, curve: 'B' });
  });

  it('points at the value that is out of range, with what was expected', () => {
    const issues = issuesOf('groups:\n  - type: env_sensor\n    count: 0\n');
    expect(issues).toEqual(['3:12 expected an integer >= 1 and <= 200000, got 0']);
  });

  it('points at an unknown key and lists the allowed ones', () => {
    const [issue] = issuesOf('groups:\n  - type: env_sensor\n    count: 2\n    cuont: 3\n');
    expect(issue).toMatch(/^4:5 unknown key 'cuont'; allowed: type, count, name, idPattern/);
  });

  it('names the known device types for a wrong one', () => {
    const [issue] = issuesOf('groups:\n  - type: toaster\n    count: 1\n');
    expect(issue).toBe(
      "2:11 unknown device type 'toaster'; one of smart_breaker, env_sensor, camera, gateway, or load a device-type file that defines it (--device-types, a scenario's deviceTypes:)",
    );
  });

  it('reports a missing key at its parent', () => {
    expect(issuesOf('groups:\n  - type: camera\n')).toEqual([
      "2:5 missing required key 'count' (an integer >= 1 and <= 200000)",
    ]);
    expect(issuesOf('name: x\n')[0]).toMatch(/^1:1 missing required key 'groups'/);
  });

  it('checks model options by device type', () => {
    const issues = issuesOf(
      'groups:\n  - type: smart_breaker\n    count: 1\n    options:\n      ratedCurentA: 16\n      curve: E\n      pvPeakW: lots\n',
    );
    expect(issues[0]).toMatch(/^5:7 unknown smart_breaker option 'ratedCurentA'; allowed: .*ratedCurrentA/);
    expect(issues[1]).toBe("6:14 expected one of 'B', 'C', 'D', got 'E'");
    expect(issues[2]).toBe("7:16 expected a number, got 'lots'");
  });

  it('checks the profile and MAC ids', () => {
    expect(issuesOf('profile: mqtt-foo\ngroups: [{ type: camera, count: 1 }]\n')[0]).toMatch(
      /^1:10 unknown topic profile 'mqtt-foo'/,
    );
    expect(
      issuesOf('profile: devices-mac\ngroups: [{ type: camera, count: 1, idPattern: "cam-{n}" }]\n')[0],
    ).toMatch(/^2:47 the profile names devices by MAC address/);
    expect(parseFleetSpec('profile: devices-mac\ngroups: [{ type: camera, count: 1 }]\n').profile).toBe(
      'devices-mac',
    );
  });

  it('counts {n} on across groups of one pattern, and finds ids two patterns would share', () => {
    expect(() =>
      parseFleetSpec(
        'groups:\n  - { type: camera, count: 3, idPattern: "d-{n}" }\n  - { type: env_sensor, count: 3, idPattern: "d-{n}" }\n',
      ),
    ).not.toThrow();
    const issues = issuesOf(
      'groups:\n  - { type: camera, count: 12, idPattern: "d-{n}" }\n  - { type: env_sensor, count: 3, idPattern: "d-1{n}" }\n',
    );
    expect(issues).toEqual([
      "3:46 gives the id 'd-11', already given by groups[0]; make the patterns differ",
    ]);
  });

  it('lets a group of one device have a literal id, and only a group of one', () => {
    expect(() =>
      parseFleetSpec('groups:\n  - { type: camera, count: 1, idPattern: "lobby-cam" }\n'),
    ).not.toThrow();
    expect(issuesOf('groups:\n  - { type: camera, count: 2, idPattern: "lobby-cam" }\n')).toEqual([
      "2:42 expected a pattern with {n}, {n:04} or {mac} so ids differ, got 'lobby-cam'",
    ]);
    expect(
      issuesOf(
        'groups:\n  - { type: camera, count: 1, idPattern: "a" }\n  - { type: camera, count: 1, idPattern: "a" }\n',
      ),
    ).toEqual(["3:42 gives the id 'a', already given by groups[0]; make the patterns differ"]);
  });

  it('checks scheduled faults kind by kind', () => {
    const issues = issuesOf(
      'groups: [{ type: camera, count: 1 }]\nfaults:\n  - fault: { kind: meltdown }\n  - fault: { kind: latency, ms: -5 }\n',
    );
    expect(issues[0]).toMatch(/^3:20 unknown fault kind "meltdown"; one of disconnect, /);
    expect(issues[1]).toBe('4:33 expected an integer >= 0 and <= 600000, got -5');
  });

  it('reports YAML syntax errors with their position', () => {
    expect(issuesOf('groups:\n  - type: camera\n   count: 1\n')[0]).toMatch(/^3:\d+ YAML syntax/);
  });

  it('validates TS objects with paths', () => {
    expect(() => validateFleetSpec({ groups: [{ type: 'camera', count: 1.5 }] })).toThrow(
      /groups\[0\]\.count: expected an integer >= 1 and <= 200000, got 1.5/,
    );
  });

  it('loads YAML text and refuses a missing file', async () => {
    expect((await loadFleetSpec(valid)).name).toBe('plant');
    await expect(loadFleetSpec('nope/fleet.yaml')).rejects.toThrow(/TB_ERR|not found/);
  });
});
