/**
 * Plays the story (story-script.ts) against a running fleet and platform, on a loop until aborted:
 * faults through the simulator's API, commands through the platform's REST API (the same call the
 * viewer's buttons make), captions as the reported state of a `role:story` device the viewer shows.
 */
import type { Fleet, FaultHandle } from '../../simulator/index.ts';
import { STORY, type StoryCast, type StoryStep } from './story-script.ts';

/** The id of the device whose reported `caption` the viewer shows. */
export const STORY_DEVICE = 'twinbench-story';

export interface StoryOptions {
  fleet: Fleet;
  /** The platform's base URL. */
  platformUrl: string;
  /** An admin API token (it registers its caption device); none with auth off. */
  token?: string | undefined;
  signal: AbortSignal;
  /** Play once instead of looping. Default false. */
  once?: boolean;
  /** Multiplies every hold (tests shorten the story). Default 1. */
  holdScale?: number;
  log?: (message: string) => void;
}

/** Picks the story's cast: a breaker, a sensor and a camera, on the floor with the most breakers. */
export function castStory(fleet: Pick<Fleet, 'devices'>): StoryCast {
  const byFloor = new Map<string, { breaker?: string; sensor?: string; camera?: string; n: number }>();
  for (const d of fleet.devices) {
    const floor = d.location?.floor ?? '—';
    const f = byFloor.get(floor) ?? { n: 0 };
    byFloor.set(floor, f);
    if (d.type === 'smart_breaker') {
      f.breaker ??= d.id;
      f.n++;
    }
    if (d.type === 'env_sensor') f.sensor ??= d.id;
    if (d.type === 'camera') f.camera ??= d.id;
  }
  const all = [...fleet.devices];
  const first = (type: string) => all.find((d) => d.type === type)?.id;
  const [floor, f] = [...byFloor.entries()].sort((a, b) => b[1].n - a[1].n)[0] ?? ['—', { n: 0 }];
  const breaker = f.breaker ?? first('smart_breaker');
  const sensor = f.sensor ?? first('env_sensor');
  const camera = f.camera ?? first('camera');
  if (!breaker || !sensor || !camera)
    throw new Error(
      'The story needs a smart_breaker, an env_sensor and a camera in the fleet; the demo fleet has them.',
    );
  return { breaker, sensor, camera, floor };
}

async function api(
  o: Pick<StoryOptions, 'platformUrl' | 'token'>,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  const headers: Record<string, string> = {};
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${o.platformUrl}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

export async function playStory(o: StoryOptions): Promise<void> {
  const log = o.log ?? (() => undefined);
  const cast = castStory(o.fleet);
  const reg = await api(o, 'POST', '/devices', {
    id: STORY_DEVICE,
    type: 'generic',
    name: 'Story captions',
    tags: { role: 'story' },
  });
  if (reg.status !== 201 && reg.status !== 409)
    throw new Error(`could not register the story's caption device: ${reg.status} ${await reg.text()}`);
  const caption = async (text: string, step: number) => {
    const r = await api(o, 'POST', `/devices/${STORY_DEVICE}/shadow`, {
      state: { reported: { caption: text, step } },
    });
    if (!r.ok) log(`caption not shown (${r.status}): ${await r.text()}`);
  };
  log(`story: breaker ${cast.breaker}, sensor ${cast.sensor}, camera ${cast.camera} on floor ${cast.floor}`);
  const faults: FaultHandle[] = [];
  try {
    do {
      for (const [i, step] of STORY.entries()) {
        if (o.signal.aborted) return;
        const text = step.caption(cast);
        await caption(text, i);
        log(`story ${i + 1}/${STORY.length}: ${text}`);
        await act(step, cast, o, faults, log);
        await sleep(step.holdMs * (o.holdScale ?? 1), o.signal);
      }
    } while (!o.once && !o.signal.aborted);
  } finally {
    for (const f of faults.splice(0)) f.clear();
    await caption('', -1).catch(() => undefined);
  }
}

async function act(
  step: StoryStep,
  cast: StoryCast,
  o: StoryOptions,
  faults: FaultHandle[],
  log: (m: string) => void,
): Promise<void> {
  const a = step.action;
  switch (a.kind) {
    case 'none':
      return;
    case 'fault':
      faults.push(o.fleet.inject(a.fault, { ids: [cast[a.device]] }));
      return;
    case 'clear_faults':
      for (const f of faults.splice(0)) f.clear();
      return;
    case 'command': {
      const r = await api(o, 'POST', `/devices/${cast[a.device]}/commands`, { name: a.name });
      if (!r.ok) log(`command ${a.name} refused (${r.status}): ${await r.text()}`);
    }
  }
}
