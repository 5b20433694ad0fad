// Reference: bare node:http answering every request with the hot path's bytes, read once
// from BODY_FILE: what Node itself costs, with no routing, auth, database or JSON.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

const body = readFileSync(process.env.BODY_FILE ?? "");
const headers = { "Content-Type": "application/json", "Content-Length": body.length };
createServer((_request, response) => {
  response.writeHead(200, headers);
  response.end(body);
}).listen(Number(process.env.PORT), "127.0.0.1");
