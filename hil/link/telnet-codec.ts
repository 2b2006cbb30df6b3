/**
 * Telnet framing as RFC 2217 uses it (RFC 854/855): the codec layer under the RFC 2217 link. Pure:
 * bytes in, data and events out. Data bytes 0xFF travel doubled (IAC IAC) both ways; `IAC WILL|WONT|
 * DO|DONT <option>` negotiates options; `IAC SB <option> … IAC SE` carries RFC 2217 sub-commands.
 */
export const IAC = 0xff;
export const DONT = 0xfe;
export const DO = 0xfd;
export const WONT = 0xfc;
export const WILL = 0xfb;
export const SB = 0xfa;
export const SE = 0xf0;

export const OPTION_BINARY = 0;
export const OPTION_SGA = 3;
export const OPTION_COM_PORT = 44;

export type NegotiationVerb = typeof WILL | typeof WONT | typeof DO | typeof DONT;

export type TelnetEvent =
  | { type: 'data'; data: Uint8Array }
  | { type: 'negotiate'; verb: NegotiationVerb; option: number }
  | { type: 'subnegotiation'; option: number; payload: Uint8Array };

const State = { Data: 0, Iac: 1, Option: 2, Sub: 3, SubIac: 4 } as const;
type State = (typeof State)[keyof typeof State];

/** Incremental decoder: feed it socket chunks, get events in order. A split sequence is kept. */
export class TelnetDecoder {
  private state: State = State.Data;
  private verb: NegotiationVerb = WILL;
  private sub: number[] = [];

  decode(chunk: Uint8Array): TelnetEvent[] {
    const events: TelnetEvent[] = [];
    let data: number[] | null = null;
    const flushData = () => {
      if (data && data.length > 0) events.push({ type: 'data', data: Uint8Array.from(data) });
      data = null;
    };
    let i = 0;
    while (i < chunk.length) {
      if (this.state === State.Data) {
        // Fast path: copy the run of plain bytes up to the next IAC in one slice.
        const next = chunk.indexOf(IAC, i);
        const end = next === -1 ? chunk.length : next;
        if (end > i) {
          if (data) data.push(...chunk.subarray(i, end));
          else if (next === -1 && i === 0) {
            events.push({ type: 'data', data: chunk.slice() });
            return events;
          } else data = Array.from(chunk.subarray(i, end));
        }
        i = end;
        if (next !== -1) {
          this.state = State.Iac;
          i++;
        }
        continue;
      }
      const b = chunk[i++]!;
      switch (this.state) {
        case State.Iac:
          if (b === IAC) {
            (data ??= []).push(IAC);
            this.state = State.Data;
          } else if (b === WILL || b === WONT || b === DO || b === DONT) {
            this.verb = b;
            this.state = State.Option;
          } else if (b === SB) {
            this.sub = [];
            this.state = State.Sub;
          } else {
            this.state = State.Data; // NOP, GA, SE out of place…: nothing to do in binary mode
          }
          break;
        case State.Option:
          flushData();
          events.push({ type: 'negotiate', verb: this.verb, option: b });
          this.state = State.Data;
          break;
        case State.Sub:
          if (b === IAC) this.state = State.SubIac;
          else this.sub.push(b);
          break;
        case State.SubIac:
          if (b === IAC) {
            this.sub.push(IAC);
            this.state = State.Sub;
          } else {
            // SE ends it; anything else is malformed and ends it too (as pyserial does)
            flushData();
            const [option = -1, ...payload] = this.sub;
            events.push({ type: 'subnegotiation', option, payload: Uint8Array.from(payload) });
            this.state = State.Data;
          }
          break;
      }
    }
    flushData();
    return events;
  }
}

/** Doubles every 0xFF so data bytes are never read as telnet commands. */
export function escapeIac(data: Uint8Array): Uint8Array {
  let count = 0;
  for (let i = data.indexOf(IAC); i !== -1; i = data.indexOf(IAC, i + 1)) count++;
  if (count === 0) return data;
  const out = new Uint8Array(data.length + count);
  let o = 0;
  for (const b of data) {
    out[o++] = b;
    if (b === IAC) out[o++] = IAC;
  }
  return out;
}

export function negotiation(verb: NegotiationVerb, option: number): Uint8Array {
  return Uint8Array.of(IAC, verb, option);
}

/** `IAC SB <option> <payload, IAC doubled> IAC SE`. */
export function subnegotiation(option: number, payload: Uint8Array): Uint8Array {
  const body = escapeIac(payload);
  const out = new Uint8Array(body.length + 5);
  out.set([IAC, SB, option]);
  out.set(body, 3);
  out.set([IAC, SE], 3 + body.length);
  return out;
}
