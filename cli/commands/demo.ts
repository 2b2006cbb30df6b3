import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_FLEET } from '../../simulator/index.ts';
import { buildViewer, VIEWER_DIST, viewerUrl } from '../../viewer/index.ts';
import { playStory } from '../story/index.ts';
import { parseDuration } from '../../twin/index.ts';
import { addStackFlags, type StackFlags } from '../stack-flags.ts';
import { runFleetSession } from './simulate.ts';

/** `twinbench demo`: the stack, the platform and ~50 devices on a demo site with days of history. */
export function demoCommand(): Command {
  return addStackFlags(
    new Command('demo')
      .description(
        'the stack, the platform and a demo site of ~50 devices with a few days of history, until Ctrl-C',
      )
      .option('--port <port>', 'platform HTTP port (0 = a free one)', '8080')
      .option('--history <duration>', 'history to backfill', '3d')
      .option('--duration <duration>', 'stop after this long (default: until Ctrl-C)')
      .option('--story', 'play a scripted incident on a loop, with captions in the viewer (docs/viewer.md)'),
  ).action(
    async (flags: StackFlags & { port: string; history: string; duration?: string; story?: boolean }) => {
      // The platform serves viewer/dist at /viewer/ if it exists when it starts: build it first if missing.
      if (!existsSync(join(VIEWER_DIST, 'index.html'))) {
        const built = await buildViewer();
        console.error(`[twinbench] built the viewer in ${built.ms} ms (${VIEWER_DIST})`);
      }
      await runFleetSession({
        flags,
        spec: structuredClone(DEMO_FLEET),
        platform: true,
        port: Number(flags.port),
        backfillMs: parseDuration(flags.history, '--history'),
        backfillIntervalMs: 5 * 60_000,
        ...(flags.duration ? { durationMs: parseDuration(flags.duration, '--duration') } : {}),
        banner: ({ platform }) =>
          platform
            ? [
                '',
                `viewer    ${viewerUrl(platform.url)}${flags.story ? '   (story mode: captions in the viewer)' : ''}`,
                `twinbench demo is running on ${platform.url}`,
                `  devices   ${platform.url}/devices`,
                `  a twin    ${platform.url}/devices/<id>   (ids: curl -s ${platform.url}/devices | head)`,
                `  OpenAPI   ${platform.url}/docs`,
                `  stream    ${platform.wsUrl}/stream`,
                `  metrics   ${platform.url}/metrics`,
              ].join('\n')
            : '',
        ...(flags.story
          ? {
              alongside: ({ fleet, platform, signal }) =>
                platform
                  ? playStory({
                      fleet,
                      platformUrl: platform.url,
                      signal,
                      log: (m) => console.error(`[twinbench] ${m}`),
                    })
                  : Promise.resolve(),
            }
          : {}),
      });
    },
  );
}
