// When the server answers before it has read a request's whole body (a 413, a 401 on a POST,
// any refusal that comes first), it must not simply close the connection: the client is still
// sending, the kernel answers its next bytes with a reset, and a reset wipes the answer from the
// client's receive buffer before the client reads it. Node's own fetch (undici, what the
// project's client uses) then fails with EPIPE instead of showing the 413. So, as nginx does:
// - a body known to be small (declared, within the bounds) is read and discarded after the
//   answer, and the connection kept, unless it does not arrive within the time bound;
// - any other (a 413, one of unknown length, one over the bounds) gets a lingering close: the
//   answer goes out with `Connection: close`, the server shuts its side, and keeps reading and
//   discarding what the client still sends, for a bounded time and size, then closes.
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";

export interface LingerBounds {
  /** How long to keep reading after the answer. */
  ms: number;
  /** How many more bytes of body to read and discard. */
  bytes: number;
}

export const LINGER: Readonly<LingerBounds> = { ms: 5000, bytes: 16 * 1024 * 1024 };

/**
 * Reads and discards the rest of the body, at most `bounds.bytes` of it for at most `bounds.ms`,
 * then tells `done` whether it all arrived. Reading it here (rather than leaving it to Node,
 * which drops a refused body's bytes unseen) is what lets the bytes be counted.
 */
function drain(incoming: IncomingMessage, bounds: LingerBounds, done: (all: boolean) => void) {
  let read = 0;
  let finished = false;
  const finish = (all: boolean) => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    incoming.off("data", onData);
    done(all);
  };
  const onData = (chunk: Buffer) => {
    read += chunk.length;
    if (read > bounds.bytes) finish(false);
  };
  const timer = setTimeout(() => finish(false), bounds.ms);
  incoming.on("data", onData);
  incoming.once("end", () => finish(true));
  incoming.once("close", () => finish(incoming.complete));
}

/**
 * A small rest of the body is read and discarded and the connection kept; if it has not all
 * arrived within the bounds, the connection is closed.
 */
export function discardRestOfBody(incoming: IncomingMessage, bounds: LingerBounds = LINGER): void {
  drain(incoming, bounds, (all) => {
    if (!all) incoming.socket.destroy();
  });
}

/**
 * A lingering close for the connection of `incoming`, whose answer says `Connection: close`.
 * Node closes such a connection through `socket.destroySoon()` once the answer is written;
 * this socket's version only shuts the writing side (the answer, then a FIN). The socket is
 * destroyed once both the answer is out and the rest of the body is drained or past the bounds.
 */
export function lingerOnClose(incoming: IncomingMessage, bounds: LingerBounds = LINGER): void {
  const socket = incoming.socket as Socket & { destroySoon?: () => void };
  let answered = false;
  let drained = false;
  const closeWhenDone = () => {
    if (!answered || !drained) return;
    if (socket.writableFinished) socket.destroy();
    else socket.once("finish", () => socket.destroy());
  };
  socket.destroySoon = () => {
    answered = true;
    socket.end();
    closeWhenDone();
  };
  drain(incoming, bounds, () => {
    drained = true;
    closeWhenDone();
  });
}
