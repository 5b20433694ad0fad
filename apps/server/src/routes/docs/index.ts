// The API reference at the server's root, beside the probes: /docs renders the hand-authored
// spec (not the document generated from the zod routes), which /openapi.yaml and
// /openapi.json serve. No authentication: the spec holds no secrets.
import { Hono } from "hono";
import { registerAssets } from "./assets.js";
import { type DocsPageOptions, registerPage } from "./page.js";
import { registerSpec } from "./spec.js";

export function createDocs(options: DocsPageOptions = {}): Hono {
  const docs = new Hono();
  registerSpec(docs);
  registerAssets(docs);
  registerPage(docs, options);
  return docs;
}
