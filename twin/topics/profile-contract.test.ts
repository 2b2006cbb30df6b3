// The topic-profile contract suite (contracts/topic-profile-contract.ts) against every built-in
// profile and custom ones, with and without a MAC format.
import { describeTopicProfileContract } from '../../contracts/topic-profile-contract.ts';
import { GOLDEN_CASES } from '../contract/golden-cases.ts';
import { BUILTIN_PROFILE_NAMES, BUILTIN_PROFILES } from './builtin-profiles.ts';
import type { TopicProfileSpec } from './profiles.ts';

for (const name of BUILTIN_PROFILE_NAMES) describeTopicProfileContract(name, BUILTIN_PROFILES[name]);

// The valid topic profiles of the published golden cases (one keyed by MAC, upper case, no separator).
for (const c of GOLDEN_CASES.filter((c) => c.kind === 'topicProfile' && c.valid)) {
  describeTopicProfileContract(`golden ${c.name}`, c.payload as TopicProfileSpec);
}

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
