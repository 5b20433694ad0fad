import { readFileSync } from "node:fs";

/** This package's name and version, as published (read from its package.json). */
export function checkerVersion(): { name: string; version: string } {
  // `../package.json` from both src/ (tests) and dist/ (the installed package).
  const text = readFileSync(new URL("../package.json", import.meta.url), "utf8");
  const { name, version } = JSON.parse(text) as { name: string; version: string };
  return { name, version };
}
