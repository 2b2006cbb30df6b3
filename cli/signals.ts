/** Resolves on the first Ctrl-C or SIGTERM, keeping the process alive until then. */
export function waitForSignal(): Promise<string> {
  const keepAlive = setInterval(() => undefined, 60_000);
  return new Promise((resolve) => {
    const on = (sig: string) => {
      clearInterval(keepAlive);
      process.removeListener('SIGINT', on);
      process.removeListener('SIGTERM', on);
      console.error(`[twinbench] ${sig}: stopping`);
      resolve(sig);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}
