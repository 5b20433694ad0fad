// GET /openapi.yaml and GET /openapi.json: the hand-authored spec as this server serves it,
// its local servers pointing at this server so the reference's "try it" reaches it.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { isMap, isSeq, parseDocument, visit } from "yaml";
import type { GetRoute } from "./index.js";

/** The spec's servers for "this server, started locally with its defaults". */
const LOCAL_ORIGIN = "http://localhost:3000";

/**
 * The build copies the spec into dist/ (scripts/copy-spec.mjs), which is where the built
 * server and the production bundle find it; run from src/ in the workspace, the spec package.
 */
function specFile(): string {
  const built = fileURLToPath(new URL("../../openapi.yaml", import.meta.url));
  if (existsSync(built)) return built;
  return createRequire(import.meta.url).resolve("@refattaches/openapi/openapi.yaml");
}

/** The spec's text with every local server URL (the API's and the probes') on `origin`. */
export function specFor(text: string, origin: string): ReturnType<typeof parseDocument> {
  const document = parseDocument(text);
  visit(document, {
    Pair(_, pair) {
      if (String(pair.key) !== "servers" || !isSeq(pair.value)) return;
      for (const server of pair.value.items) {
        const url = isMap(server) ? server.get("url") : undefined;
        if (isMap(server) && typeof url === "string" && url.startsWith(LOCAL_ORIGIN)) {
          server.set("url", origin + url.slice(LOCAL_ORIGIN.length));
          server.set("description", "This server.");
        }
      }
    },
  });
  return document;
}

export function registerSpec(get: GetRoute): void {
  const text = readFileSync(specFile(), "utf8");
  const originOf = (url: string) => new URL(url).origin;
  get("/openapi.yaml", (c) => {
    c.header("Content-Type", "application/yaml; charset=utf-8");
    return c.body(specFor(text, originOf(c.req.url)).toString());
  });
  get("/openapi.json", (c) => c.json(specFor(text, originOf(c.req.url)).toJS()));
}
