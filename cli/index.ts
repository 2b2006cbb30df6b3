// The cli part: the `twinbench` command line, composing the other parts.
import { buildProgram } from './program.ts';

export { buildProgram };

/** Runs the CLI; errors print their message (and code) without a stack trace, exit code 1. */
export async function main(argv: readonly string[]): Promise<void> {
  try {
    await buildProgram().parseAsync([...argv]);
    // Commands resolve when their work is done; idle keep-alive sockets (the Docker client's) must not hold the exit.
    process.exit(process.exitCode ?? 0);
  } catch (err) {
    const e = err as Error & { code?: string };
    console.error(`twinbench: ${e.message}${e.code?.startsWith('TB_ERR') ? ` [${e.code}]` : ''}`);
    if (process.env.TWINBENCH_DEBUG) console.error(e.stack);
    process.exit(1);
  }
}
