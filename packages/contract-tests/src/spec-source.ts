import { readFile } from "node:fs/promises";

/** How long a spec given by URL may take to download. */
const SPEC_FETCH_TIMEOUT_MS = 30_000;

/** True for a spec given as an http(s) URL rather than a file path. */
export function isSpecUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

/**
 * The text of an OpenAPI document at a file path or an http(s) URL, so a deployment can be
 * checked against the spec it publishes (or another copy) instead of the bundled one.
 */
export async function readSpecSource(source: string): Promise<string> {
  if (!isSpecUrl(source)) return readFile(source, "utf8");
  let response: Response;
  try {
    response = await fetch(source, {
      headers: { Accept: "application/yaml, application/json;q=0.9, */*;q=0.5" },
      signal: AbortSignal.timeout(SPEC_FETCH_TIMEOUT_MS),
    });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    throw new Error(`Cannot download the spec from ${source}: ${String(cause)}`);
  }
  if (!response.ok) {
    throw new Error(`Cannot download the spec from ${source}: HTTP ${response.status}`);
  }
  return response.text();
}
