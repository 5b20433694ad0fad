// The API reference at the server's root, beside the probes: /docs renders the hand-authored
// spec (not the document generated from the zod routes), which /openapi.yaml and
// /openapi.json serve. No authentication: the spec holds no secrets.
import type { Context } from "hono";
import { registerAssets } from "./assets.js";
import { type DocsPageOptions, registerPage } from "./page.js";
import { registerSpec } from "./spec.js";

/** Registers a GET route (through the request pipeline, without authentication). */
export type GetRoute = (
  path: string,
  handler: (c: Context) => Response | Promise<Response>,
) => void;

export function registerDocs(get: GetRoute, options: DocsPageOptions = {}): void {
  registerSpec(get);
  registerAssets(get);
  registerPage(get, options);
}
