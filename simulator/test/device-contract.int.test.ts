// The device contract (contracts/device-contract.ts) against the simulator's virtual device, one
// device type at a time: a fleet of one device with the id the contract asks for.
import { describeDeviceContract } from '../../contracts/device-contract.ts';
import { DEVICE_TYPES } from '../../twin/index.ts';
import { startFleet } from '../index.ts';

for (const type of DEVICE_TYPES) {
  describeDeviceContract(`simulator virtual ${type}`, {
    type,
    async start({ mqttUrl, deviceId }) {
      const fleet = await startFleet(
        { name: 'contract', groups: [{ type, count: 1, idPattern: deviceId, commandLatencyMs: 5 }] },
        { mqttUrl },
      );
      return {
        stop: () => fleet.stop(),
        // Drops the socket without DISCONNECT and stays away: the broker publishes the last will.
        kill: async () => {
          fleet.inject({ kind: 'disconnect', clean: false });
        },
      };
    },
  });
}
