import { randomBytes } from 'node:crypto';
import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_FLEET } from '../../simulator/index.ts';
import { buildViewer, VIEWER_DIST, viewerUrl } from '../../viewer/index.ts';
import { playStory } from '../story/index.ts';
import { parseDuration } from '../../twin/index.ts';
import {
  addStackFlags,
  deviceTypesOption,
  registerDeviceTypeFlags,
  type StackFlags,
} from '../stack-flags.ts';
import { createToken, revokeToken } from '../../runtime/index.ts';
import { runFleetSession } from './simulate.ts';
import { tokenFile } from './token.ts';

/** `twinbench demo`: the stack, the platform and 72 devices on a demo site (20 of them behind 2 gateways) with days of history. */
export function demoCommand(): Command {
  return addStackFlags(
    new Command('demo')
      .description(
        'the stack, the platform and a demo site of 72 devices (20 behind 2 gateways) with 3 days of history, until Ctrl-C',
      )
      .option('--port <port>', 'platform HTTP port (0 = a free one)', '8080')
      .option('--history <duration>', 'history to backfill', '3d')
      .option('--duration <duration>', 'stop after this long (default: until Ctrl-C)')
      .option('--story', 'play a scripted incident on a loop, with captions in the viewer (docs/viewer.md)')
      .addOption(deviceTypesOption()),
  ).action(
    async (
      flags: StackFlags & {
        port: string;
        history: string;
        duration?: string;
        story?: boolean;
        deviceTypes?: string[];
      },
    ) => {
      // The demo site is built-in types; types of your own reach the platform (devices of them can join).
      registerDeviceTypeFlags(flags.deviceTypes);
      // The platform serves viewer/dist at /viewer/ if it exists when it starts: build it first if missing.
      if (!existsSync(join(VIEWER_DIST, 'index.html'))) {
        const built = await buildViewer();
        console.error(`[twinbench] built the viewer in ${built.ms} ms (${VIEWER_DIST})`);
      }
      // A viewer token for the printed link, in its fragment (#token=…): browsers never send a fragment
      // to the server, so it stays out of logs; read-only, so the link is safe to show. Revoked at the end.
      const file = tokenFile();
      const viewer = await createToken(file, {
        role: 'viewer',
        name: `demo-viewer-${randomBytes(3).toString('hex')}`,
      });
      try {
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
                  `viewer    ${viewerUrl(platform.url)}#token=${viewer.token}${flags.story ? '   (story mode: captions in the viewer)' : ''}`,
                  `          (a read-only viewer token, revoked when the demo stops; docs/security.md)`,
                  `twinbench demo is running on ${platform.url}`,
                  `  devices   ${platform.url}/devices   (API tokens: TOKEN=$(npx twinbench token create --role viewer), then curl -H "Authorization: Bearer $TOKEN" …)`,
                  `  a twin    ${platform.url}/devices/<id>`,
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
                        token: platform.token,
                        signal,
                        log: (m) => console.error(`[twinbench] ${m}`),
                      })
                    : Promise.resolve(),
              }
            : {}),
        });
      } finally {
        await revokeToken(file, viewer.record.name).catch(() => undefined);
      }
    },
  );
}
