import { panicText } from './panic-text.ts';
import type { EmulatorAppContext, EmulatorAppFactory } from './types.ts';

export const CONSOLE_PROMPT = 'tb> ';

/** The Unity run `selftest` prints: a fixed mix of PASS, FAIL and IGNORE, then the summary. */
export const SELFTEST_OUTPUT = [
  'test/test_main.c:12:test_gpio_roundtrip:PASS',
  'test/test_main.c:20:test_nvs_write_read:PASS',
  'test/test_main.c:31:test_wifi_scan:IGNORE: needs an antenna',
  'test/test_main.c:44:test_adc_range:FAIL: Expected 3300 Was 3297',
  'test/test_main.c:52:test_crc16:PASS',
  '',
  '-----------------------',
  '5 Tests 1 Failures 1 Ignored ',
  'FAIL',
].join('\n');

/**
 * The built-in app for project `tb-console`: a line console (no echo) with `help`, `version`,
 * `status`, `echo X`, `selftest` (Unity output), `panic` (a LoadProhibited panic and reboot) and
 * `reboot` (esp_restart). Lines end with CR, LF or CRLF.
 */
export const consoleApp: EmulatorAppFactory = (ctx: EmulatorAppContext) => {
  let line = '';
  let stopped = false;
  let lastWasCr = false;
  ctx.write(`\ntwinbench console (${ctx.projectName} ${ctx.version}) on ${ctx.chipLabel}\n${CONSOLE_PROMPT}`);

  const run = (cmd: string): void => {
    const [name = ''] = cmd.trim().split(/\s+/);
    const arg = cmd.trim().slice(name.length).trim();
    switch (name) {
      case '':
        break;
      case 'help':
        ctx.write('commands: help, version, status, echo TEXT, selftest, panic, reboot\n');
        break;
      case 'version':
        ctx.write(`${ctx.projectName} ${ctx.version} (ESP-IDF ${ctx.idfVer}) on ${ctx.chipLabel}\n`);
        break;
      case 'status':
        ctx.write(
          `status: ok chip=${ctx.chip} mac=${ctx.mac} uptime_ms=${Math.floor(ctx.uptimeMs())} heap_free=281000\n`,
        );
        break;
      case 'echo':
        ctx.write(`${arg}\n`);
        break;
      case 'selftest':
        ctx.write(`${SELFTEST_OUTPUT}\n`);
        break;
      case 'panic':
        stopped = true;
        ctx.write(panicText(ctx.arch, 'load', ctx.elfSha256));
        ctx.restart('panic');
        return;
      case 'reboot':
        stopped = true;
        ctx.write('Restarting now.\n');
        ctx.restart('sw');
        return;
      default:
        ctx.write(`Unrecognized command: ${name}\n`);
    }
    ctx.write(CONSOLE_PROMPT);
  };

  return {
    input(bytes) {
      for (const b of bytes) {
        if (stopped) return;
        if (b === 0x0d || b === 0x0a) {
          if (b === 0x0a && lastWasCr) {
            lastWasCr = false;
            continue;
          }
          lastWasCr = b === 0x0d;
          const cmd = line;
          line = '';
          run(cmd);
        } else {
          lastWasCr = false;
          if (b === 0x08 || b === 0x7f) line = line.slice(0, -1);
          else if (b >= 0x20 && b < 0x7f) line += String.fromCharCode(b);
        }
      }
    },
    stop() {
      stopped = true;
    },
  };
};
