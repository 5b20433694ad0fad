// Requests Node's HTTP parser refuses before the app sees them: a client too slow to send its
// request (408), a request line or headers over Node's 16 KiB (431), bytes that are not
// HTTP (400). Node answers these with a bare status line; here they get the same JSON string
// explanation and hardening headers as every other answer.
import type { Server } from "node:http";
import type { Socket } from "node:net";
import { messages } from "../domain/errors.js";

const REASONS: Record<number, string> = {
  400: "Bad Request",
  408: "Request Timeout",
  431: "Request Header Fields Too Large",
};

function refusal(code: string | undefined, requestTimeoutMs: number): [number, string] {
  if (code === "ERR_HTTP_REQUEST_TIMEOUT") return [408, messages.requestTimeout(requestTimeoutMs)];
  if (code === "HPE_HEADER_OVERFLOW") return [431, messages.headersTooLarge];
  return [400, messages.malformedRequest];
}

/** Answers the parser's refusals with a JSON explanation, then closes the connection. */
export function explainClientErrors(server: Server, requestTimeoutMs: number): void {
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
    // The same test Node makes before its own answer: nothing may be written once a
    // response has started, and a reset connection has no one to answer.
    const response = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === "ECONNRESET" || !socket.writable || response?.headersSent) {
      socket.destroy();
      return;
    }
    const [status, explanation] = refusal(error.code, requestTimeoutMs);
    const body = JSON.stringify(explanation);
    socket.end(
      [
        `HTTP/1.1 ${status} ${REASONS[status]}`,
        "Content-Type: application/json",
        `Content-Length: ${Buffer.byteLength(body)}`,
        "Cache-Control: no-store",
        "X-Content-Type-Options: nosniff",
        "Connection: close",
        "",
        body,
      ].join("\r\n"),
    );
  });
}
