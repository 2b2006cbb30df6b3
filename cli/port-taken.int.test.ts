// A port the user asked for that is taken is an error that says so; only a default gives way.
import net from 'node:net';
import { expect, it } from 'vitest';
import { runCli } from './test-support.ts';

it('twinbench platform --port <taken> fails and names the port', async () => {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  try {
    const res = await runCli(['platform', '--stack', 'local', '--port', String(port)]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`--port ${port} is taken by another program`);
    expect(res.stderr).toContain('--port 0 for a free one');
  } finally {
    server.close();
  }
});
