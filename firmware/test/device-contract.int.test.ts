// The firmware's host build joins the device contract suite (contracts/device-contract.ts), next to the
// simulator's virtual device: the same checks against a real broker, for both types it implements.
import { beforeAll } from 'vitest';
import { describeDeviceContract } from '../../contracts/device-contract.ts';
import { buildHostNode, FIRMWARE_DEVICE_TYPES, startHostNode } from '../index.ts';

let binary = '';
beforeAll(async () => {
  binary = (await buildHostNode()).binary; // incremental: quick when test-host.sh or CI built it already
}, 600_000);

for (const type of FIRMWARE_DEVICE_TYPES) {
  describeDeviceContract(`twinbench-node (host build) ${type}`, {
    type,
    async start({ mqttUrl, deviceId }) {
      const node = await startHostNode({ mqttUrl, deviceId, type, intervalS: 1, binary });
      return { stop: () => node.stop(), kill: () => node.kill() };
    },
  });
}
