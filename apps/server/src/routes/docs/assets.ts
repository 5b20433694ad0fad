// The reference page's script and stylesheet, served from the installed swagger-ui-dist
// package: a practice's server is often offline, so nothing may come from a CDN.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { messages, notFound } from "../../domain/errors.js";
import type { GetRoute } from "./index.js";

/** Where the page asks for them; @hono/swagger-ui appends `/swagger-ui-dist/<file>`. */
export const ASSETS_BASE = "/docs/assets";

const FILES: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
};

export function registerAssets(get: GetRoute): void {
  const folder = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
  // Read once, on first use: about 1.5 MB that most servers never serve.
  const cache = new Map<string, Buffer>();
  get(`${ASSETS_BASE}/swagger-ui-dist/:file`, (c) => {
    const file = c.req.param("file") ?? "";
    const type = FILES[file];
    if (type === undefined) throw notFound(messages.routeNotFound);
    let content = cache.get(file);
    if (content === undefined) {
      content = readFileSync(join(folder, file));
      cache.set(file, content);
    }
    c.header("Content-Type", type);
    c.header("Cache-Control", "public, max-age=3600");
    return c.body(new Uint8Array(content));
  });
}
