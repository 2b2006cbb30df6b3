/** Reading a scene file: YAML or JSON text → a checked `SceneFile`, or a SceneError naming every problem. */
import { Value } from 'typebox/value';
import { parse as parseYaml } from 'yaml';
import { SceneError } from '../errors.ts';
import { SceneSchema, type SceneFile } from './scene-schema.ts';

const MAX_ISSUES = 20;

export function parseSceneText(text: string, source = 'scene'): SceneFile {
  let data: unknown;
  try {
    data = parseYaml(text); // YAML is a superset of JSON
  } catch (e) {
    throw new SceneError(source, [`not YAML or JSON: ${(e as Error).message.split('\n')[0]}`]);
  }
  return validateScene(data, source);
}

export function validateScene(data: unknown, source = 'scene'): SceneFile {
  if (Value.Check(SceneSchema, data)) {
    checkUnique(data, source);
    return data;
  }
  const issues: string[] = [];
  for (const e of Value.Errors(SceneSchema, data)) {
    if (e.keyword === 'boolean') continue; // the additionalProperties echo of the same problem
    const path = e.instancePath || '/';
    const extra = e.keyword === 'additionalProperties' ? `: ${JSON.stringify(e.params)}` : '';
    const line = `${path}: ${e.message}${extra}`;
    if (!issues.includes(line)) issues.push(line);
    if (issues.length >= MAX_ISSUES) break;
  }
  throw new SceneError(source, issues);
}

/** Ids must be unique where they name things (buildings; floors in a building; rooms in a floor; devices). */
function checkUnique(scene: SceneFile, source: string): void {
  const issues: string[] = [];
  const dup = (seen: Set<string>, id: string, path: string) => {
    if (seen.has(id)) issues.push(`${path}: '${id}' is used twice; ids must be unique there`);
    seen.add(id);
  };
  const buildings = new Set<string>();
  const devices = new Set<string>();
  scene.buildings.forEach((b, bi) => {
    dup(buildings, b.id, `/buildings/${bi}/id`);
    const floors = new Set<string>();
    b.floors.forEach((f, fi) => {
      dup(floors, f.id, `/buildings/${bi}/floors/${fi}/id`);
      const rooms = new Set<string>();
      f.rooms.forEach((r, ri) => {
        const at = `/buildings/${bi}/floors/${fi}/rooms/${ri}`;
        dup(rooms, r.id, `${at}/id`);
        r.placements?.forEach((p, pi) => dup(devices, p.device, `${at}/placements/${pi}/device`));
      });
    });
  });
  if (issues.length > 0) throw new SceneError(source, issues);
}
