import { existsSync } from 'node:fs';
import net from 'node:net';
import { getContainerRuntimeClient, ImageName, type ContainerRuntimeClient } from 'testcontainers';
import { STACK_ERROR_CODES, StackError } from '../errors.ts';

export const ENGINE_HELP =
  'Start a Docker engine (Docker Desktop, or `sudo dockerd` on Linux; on machines without a bridge network: `dockerd --bridge=none --iptables=false --ip-masq=false`), or run the stack from local binaries with --stack local (needs mosquitto and influxd on PATH).';

let cached: Promise<ContainerRuntimeClient> | undefined;

/**
 * testcontainers falls back to the default socket when DOCKER_HOST does not answer; a user who names
 * an engine means that engine, so a dead DOCKER_HOST is an error here.
 */
async function checkDockerHost(dockerHost: string | undefined): Promise<void> {
  if (!dockerHost) return;
  const url = new URL(dockerHost);
  if (url.protocol === 'unix:') {
    if (!existsSync(url.pathname))
      throw new Error(`DOCKER_HOST=${dockerHost} names a socket that does not exist`);
    return;
  }
  if (url.protocol === 'tcp:' || url.protocol === 'http:' || url.protocol === 'https:') {
    const port = Number(url.port || (url.protocol === 'https:' ? 2376 : 2375));
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect({ host: url.hostname, port, timeout: 3_000 });
      socket.once('connect', () => (socket.destroy(), resolve()));
      socket.once(
        'timeout',
        () => (socket.destroy(), reject(new Error(`DOCKER_HOST=${dockerHost} does not answer`))),
      );
      socket.once('error', (e) =>
        reject(new Error(`DOCKER_HOST=${dockerHost} does not answer (${e.message})`)),
      );
    });
  }
}

/**
 * Inside a container, testcontainers looks up the "bridge" network's gateway to find the Docker host.
 * An engine started with --bridge=none has none; its containers use host networking on loopback, so
 * the host is 127.0.0.1 (TESTCONTAINERS_HOST_OVERRIDE, testcontainers' own setting).
 */
async function connect(): Promise<ContainerRuntimeClient> {
  await checkDockerHost(process.env.DOCKER_HOST);
  try {
    return await getContainerRuntimeClient();
  } catch (err) {
    if (process.env.TESTCONTAINERS_HOST_OVERRIDE !== undefined) throw err;
    process.env.TESTCONTAINERS_HOST_OVERRIDE = '127.0.0.1';
    try {
      return await getContainerRuntimeClient();
    } catch {
      delete process.env.TESTCONTAINERS_HOST_OVERRIDE;
      throw err;
    }
  }
}

/** The container runtime, or a StackError saying how to get one. Times out so a dead socket cannot hang us. */
export async function containerEngine(timeoutMs = 8_000): Promise<ContainerRuntimeClient> {
  cached ??= connect();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([cached, timeout]);
  } catch (cause) {
    cached = undefined;
    throw new StackError(
      STACK_ERROR_CODES.NO_ENGINE,
      `No container engine answers (${(cause as Error).message.split('\n')[0]}). ${ENGINE_HELP}`,
      { cause },
    );
  } finally {
    clearTimeout(timer);
  }
}

/** True when an engine answers; never throws. */
export async function engineAvailable(timeoutMs?: number): Promise<boolean> {
  try {
    await containerEngine(timeoutMs);
    return true;
  } catch {
    return false;
  }
}

export async function imageExists(client: ContainerRuntimeClient, image: string): Promise<boolean> {
  try {
    return await client.image.exists(ImageName.fromString(image));
  } catch {
    return false;
  }
}

/** Engines started with --bridge=none have no "bridge" network: containers must use host networking. */
export async function engineHasBridge(client: ContainerRuntimeClient): Promise<boolean> {
  try {
    await client.network.getById('bridge').inspect();
    return true;
  } catch {
    return false;
  }
}
