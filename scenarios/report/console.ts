import { formatDuration } from '../../twin/index.ts';
import type { ProgressEvent } from '../suite/results.ts';
import type { Reporter } from './reporter.ts';

const MARK: Record<string, string> = { passed: '✓', failed: '✗', error: '!', skipped: '-' };

/** Live lines on a terminal (or any writer): each scenario as it ends, its failures in full, a summary. */
export function consoleReporter(o: { write?: (text: string) => void; steps?: boolean } = {}): Reporter {
  const write = o.write ?? ((t: string) => void process.stdout.write(t));
  return {
    name: 'console',
    onEvent(e: ProgressEvent) {
      switch (e.type) {
        case 'suite-start':
          write(
            `twinbench run: ${e.total} scenario(s)${e.invalid ? `, ${e.invalid} invalid file(s)` : ''}\n`,
          );
          break;
        case 'stack':
          write(`  ${e.message}\n`);
          break;
        case 'scenario-start':
          write(`▶ ${e.name}\n`);
          break;
        case 'step':
          if (o.steps && e.phase === 'end')
            write(`    ${MARK[e.status] ?? '·'} ${e.index + 1}. ${e.label}\n`);
          break;
        case 'scenario-end': {
          const r = e.result;
          write(
            `${MARK[r.status] ?? '?'} ${r.name} (${formatDuration(r.durationMs)})${r.status === 'passed' ? '' : ` ${r.status.toUpperCase()}`}\n`,
          );
          for (const f of r.failures) write(`${f.message.replace(/^/gm, '    ')}\n    [${f.code}]\n`);
          break;
        }
        case 'suite-end': {
          const { counts, durationMs, invalid, reports, error } = e.result;
          for (const i of invalid) write(`! ${i.file}\n${i.message.replace(/^/gm, '    ')}\n`);
          if (error) write(`! ${error}\n`);
          write(
            `\n${counts.passed} passed, ${counts.failed} failed, ${counts.errors} error(s)${counts.skipped ? `, ${counts.skipped} skipped` : ''}${invalid.length ? `, ${invalid.length} invalid file(s)` : ''} in ${formatDuration(durationMs)}\n`,
          );
          for (const f of reports) write(`report: ${f}\n`);
          break;
        }
      }
    },
  };
}
