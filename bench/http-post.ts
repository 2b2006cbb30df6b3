import { Agent, request } from 'node:http';

/**
 * POSTs JSON over node:http with a keep-alive agent and resolves with the status once the body is read.
 * The command phase's client: fetch (undici) costs the bench about twice the CPU a request, and on two
 * cores the bench's CPU is taken from the platform it measures.
 */
export function keepAlivePoster(maxSockets = 64): {
  post: (url: string, body: string, headers: Record<string, string>) => Promise<number>;
  close: () => void;
} {
  const agent = new Agent({ keepAlive: true, maxSockets });
  return {
    post: (url, body, headers) =>
      new Promise((resolve, reject) => {
        const req = request(
          url,
          {
            method: 'POST',
            agent,
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
              ...headers,
            },
          },
          (res) => {
            res.on('data', () => undefined);
            res.on('end', () => resolve(res.statusCode ?? 0));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(body);
      }),
    close: () => agent.destroy(),
  };
}
