/** The gateway channels of the AsyncAPI document: `tb/v1/{gateway}/children/…` (docs/gateways.md). */
import { GATEWAY_TOPIC_SUFFIX, type GatewayTopicKind } from '../topics/gateway-topics.ts';
import { TB_PREFIX } from '../topics/twinbench.ts';

/** Component messages of the gateway channels: [name (= schema name), summary]. */
export const GATEWAY_MESSAGES: readonly (readonly [string, string])[] = [
  ['ChildConnect', 'A child joined the gateway (or is announced again after the gateway reconnects)'],
  ['ChildDisconnect', 'A child left the gateway: left, lost, removed or asleep'],
  ['ChildStatus', 'The online state of several children'],
  ['ChildTelemetry', 'Readings of several children, each with its own ts and seq'],
  ['ChildEvent', 'An event of a child'],
  ['ChildCommand', 'A command for a child (QoS 1)'],
  ['ChildCommandResponse', "A child's command response (QoS 1)"],
  ['ChildShadowDelta', 'Desired state a child has not reported yet'],
  ['ChildShadowUpdate', "A child's reported state"],
  ['ChildRejected', 'A gateway message, or one child of it, was refused'],
];

const CHANNELS: readonly (readonly [GatewayTopicKind, string, string])[] = [
  ['connect', 'ChildConnect', 'children joining a gateway'],
  ['disconnect', 'ChildDisconnect', 'children leaving a gateway'],
  ['status', 'ChildStatus', 'the online state of a gateway’s children'],
  ['telemetry', 'ChildTelemetry', 'telemetry of a gateway’s children, in batches'],
  ['events', 'ChildEvent', 'events of a gateway’s children'],
  ['commandResponse', 'ChildCommandResponse', 'command responses of a gateway’s children'],
  ['shadowUpdate', 'ChildShadowUpdate', 'reported state of a gateway’s children'],
  ['command', 'ChildCommand', 'commands for a gateway’s children'],
  ['shadowDelta', 'ChildShadowDelta', 'shadow deltas for a gateway’s children'],
  ['rejected', 'ChildRejected', 'refusals of a gateway’s messages'],
];

type AddChannel = (
  id: string,
  address: string,
  description: string,
  names: string[],
  action: 'send' | 'receive',
) => void;

/** Adds one channel per gateway topic; the platform sends commands, deltas and refusals. */
export function gatewayChannels(add: AddChannel): void {
  for (const [kind, message, text] of CHANNELS) {
    const outbound = kind === 'command' || kind === 'shadowDelta' || kind === 'rejected';
    add(
      `gateway.${kind}`,
      `${TB_PREFIX}/{gateway}/${GATEWAY_TOPIC_SUFFIX[kind]}`,
      text,
      [message],
      outbound ? 'send' : 'receive',
    );
  }
}
