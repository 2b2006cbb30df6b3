// mqtt-packet's generator on its own: the package's main module also loads its parser (bl,
// readable-stream, ~4 MB of RSS) that the simulator never uses (codec.ts decodes by hand).
declare module 'mqtt-packet/generate.js' {
  import type { Packet } from 'mqtt-packet';
  export default function generate(packet: Packet): Buffer;
}
declare module 'mqtt-packet/writeToStream.js' {
  const writeToStream: { cacheNumbers: boolean };
  export default writeToStream;
}
