import { STUB_ERR, word } from '../protocol.ts';
import type { Handler } from '../session.ts';

/**
 * READ_FLASH (stub only): offset, length, packet size, packets in flight. After the status answer
 * the stub streams the data as SLIP frames of `packet size`, waiting for the host's 4-byte acks
 * (bytes received so far) when the window is full, and ends with the 16-byte MD5 of what it sent.
 */
export const readFlash: Handler = (s, req) => {
  if (req.data.length !== 16) return { error: STUB_ERR.BAD_DATA_LEN };
  const [offset, length, packetSize, maxInFlight] = [0, 1, 2, 3].map((i) => word(req.data, i)) as [
    number,
    number,
    number,
    number,
  ];
  if (!s.host.flash.inRange(offset, length) || packetSize === 0 || maxInFlight === 0) {
    return { error: STUB_ERR.BAD_DATA_LEN };
  }
  return {
    after: () => {
      s.read = { offset, length, packetSize, maxInFlight, sent: 0, acked: 0 };
      if (length === 0) {
        s.read = undefined;
        s.host.sendFrame(s.host.flash.md5(offset, 0));
      } else s.pumpRead();
    },
  };
};
