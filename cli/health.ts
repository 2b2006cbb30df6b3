import { mqttAnswers } from '../stack/index.ts';

/** Connects once to see that the broker answers; never throws. */
export async function mqttHealthy(
  url: string,
  auth: { username?: string; password?: string } = {},
): Promise<{ ok: boolean; detail: string }> {
  try {
    await mqttAnswers(url, auth);
    return { ok: true, detail: 'connected' };
  } catch (err) {
    return { ok: false, detail: (err as Error).message };
  }
}
