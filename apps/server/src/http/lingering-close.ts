// When the server answers before it has read a request's whole body (a 413, a 401 on a POST,
// any refusal that comes first), it must not simply close the connection: the client is still
// sending, the kernel answers its next bytes with a reset, and a reset wipes the answer from the
// client's receive buffer before the client reads it. Node's own fetch (undici, what the
// project's client uses) then fails with EPIPE instead of showing the 413. So, as nginx's
// lingering_close does, the answer goes out with `Connection: close`, the server shuts its side,
// and keeps reading and discarding what the client still sends, for a bounded time and size,
// before it closes the connection.
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
 * Makes the connection of `incoming`, whose answer says `Connection: close`, linger instead of
 * closing at once. Node closes such a connection through `socket.destroySoon()` once the answer
 * is written (before the answer, the socket stays open as usual); this socket's version shuts
 * the writing side, drains the rest of the body up to the bounds, then destroys the socket.
 */
export function lingerOnClose(incoming: IncomingMessage, bounds: LingerBounds = LINGER): void {
  const socket = incoming.socket as Socket & { destroySoon?: () => void };
  socket.destroySoon = () => linger(socket, incoming, bounds);
}

function linger(socket: Socket, incoming: IncomingMessage, bounds: LingerBounds): void {
  let read = 0;
  const close = () => {
    clearTimeout(timer);
    incoming.off("data", onData);
    // Whatever is still queued (the answer, then the FIN) goes out before the socket closes.
    if (socket.writableFinished) socket.destroy();
    else socket.once("finish", () => socket.destroy());
  };
  const onData = (chunk: Buffer) => {
    read += chunk.length;
    if (read > bounds.bytes) close();
  };
  const timer = setTimeout(close, bounds.ms);
  socket.once("close", () => clearTimeout(timer));
  socket.end();
  incoming.on("data", onData);
  // The client sent its whole body: it has nothing more to say on this connection.
  incoming.once("end", close);
  incoming.resume();
}
