// The topic-profile contract suite (contracts/topic-profile-contract.ts) against every built-in
// profile and custom ones, with and without a MAC format.
import { describeTopicProfileContract } from '../../contracts/topic-profile-contract.ts';
import { BUILTIN_PROFILE_NAMES, BUILTIN_PROFILES } from './builtin-profiles.ts';

for (const name of BUILTIN_PROFILE_NAMES) describeTopicProfileContract(name, BUILTIN_PROFILES[name]);

describeTopicProfileContract('custom plant-mac (upper case, no separator)', {
  name: 'plant-mac',
  telemetry: 'plant/{mac}/up',
  command: 'plant/{mac}/down',
  status: 'plant/{mac}/lwt',
  deviceType: 'env_sensor',
  macFormat: { separator: '', case: 'upper' },
});

describeTopicProfileContract('custom site ids (deep topics, no events)', {
  name: 'site',
  telemetry: 'site/a/b/{id}/telemetry/v2',
  command: 'site/a/b/{id}/cmd',
  commandResponse: 'site/a/b/{id}/cmd/ack',
  status: 'status/{id}',
});

describeTopicProfileContract('custom mac with dashes', {
  name: 'dash-mac',
  telemetry: 'm/{mac}',
  command: 'c/{mac}',
  macFormat: { separator: '-', case: 'lower' },
});
