/**
 * The ACL that lets each device act only as itself: Mosquitto `pattern` lines with `%u` (the user name,
 * which is the device id) in place of a topic profile's `{id}`, the device's own AWS shadow topics, and
 * a `user` block for the platform's identity (every device topic, commands and shadow answers, $SYS).
 * The AWS IoT policy variable `${iot:Connection.Thing.ThingName}` plays the same part there.
 */
import {
  BUILTIN_PROFILES,
  GATEWAY_INBOUND_KINDS,
  GATEWAY_OUTBOUND_KINDS,
  GATEWAY_TOPIC_SUFFIX,
  TB_PREFIX,
  type TopicProfileSpec,
} from '../../twin/index.ts';

/** Kinds a device publishes; `command` is the one it only reads. */
const WRITE_KINDS = ['telemetry', 'events', 'status', 'commandResponse', 'heartbeat'] as const;

export interface DeviceAclOptions {
  /** The platform's broker user. */
  platformUser: string;
  /** Profiles whose patterns become device rules. Default: the builtin ones. */
  profiles?: readonly TopicProfileSpec[];
}

export interface DeviceAcl {
  lines: string[];
  /** Patterns that could not be expressed (a `{mac}` placeholder is not the user name), with why. */
  skipped: string[];
}

export function deviceAcl(o: DeviceAclOptions): DeviceAcl {
  const profiles = o.profiles ?? Object.values(BUILTIN_PROFILES);
  const rules = new Set<string>();
  const skipped: string[] = [];
  const add = (access: 'read' | 'write', pattern: string | undefined, profile: string) => {
    if (pattern === undefined) return;
    if (!pattern.includes('{id}')) {
      skipped.push(
        `${profile}: ${pattern} names devices by MAC, not by id (the broker user name); its devices need an ACL of your own`,
      );
      return;
    }
    rules.add(`pattern ${access} ${pattern.replace('{id}', '%u')}`);
  };
  for (const p of profiles) {
    for (const kind of WRITE_KINDS) add('write', p[kind], p.name);
    add('read', p.command, p.name);
  }
  return {
    lines: [
      '# written by twinbench: the platform may do everything, a device only what concerns itself',
      `user ${o.platformUser}`,
      'topic readwrite #',
      // `#` does not match topics that start with '$': the shadow topics and the broker's own need lines.
      'topic readwrite $aws/#',
      'topic read $SYS/#',
      // pattern lines apply to every user, wherever they stand.
      ...rules,
      'pattern readwrite $aws/things/%u/shadow/#',
      // A gateway speaks for its children under its own id only; the platform checks that a child
      // is not a device of its own (platform/gateways).
      ...GATEWAY_INBOUND_KINDS.map((k) => `pattern write ${TB_PREFIX}/%u/${GATEWAY_TOPIC_SUFFIX[k]}`),
      ...GATEWAY_OUTBOUND_KINDS.map((k) => `pattern read ${TB_PREFIX}/%u/${GATEWAY_TOPIC_SUFFIX[k]}`),
    ],
    skipped,
  };
}
