/** What `corkPerTurn` needs of a stream (a net.Socket, MQTT.js's `client.stream`). */
export interface Corkable {
  cork(): void;
  uncork(): void;
}

/**
 * Batches the writes of one event-loop turn into one: the returned function, called before each write,
 * corks the stream on the first write of a turn and uncorks it on `setImmediate`. Thousands of small
 * MQTT packets a second (PUBACKs, publishes) then leave in a few large writes. `stream` is read on each
 * first write, so a client that reconnects onto a new socket is followed.
 */
export function corkPerTurn(stream: () => Corkable): () => void {
  let corked = false;
  return () => {
    if (corked) return;
    corked = true;
    const s = stream();
    s.cork();
    setImmediate(() => {
      corked = false;
      s.uncork();
    });
  };
}
