// Which lines of `pnpm install` output are warnings of this project's own making.
//
// pnpm warns in two shapes: `WARN message` lines (after a project folder and `|` when a
// workspace project is named) and boxed notices titled "Warning" (such as "Ignored build
// scripts", which follows from this workspace's onlyBuiltDependencies). Every warning is the
// project's own, since it is about this repository's manifests, bins, settings or choice of
// dependency versions and a newcomer reads it as a broken install, except the registry's
// deprecation notices for third-party versions (`WARN deprecated x@1.2.3: ...`,
// `WARN 3 deprecated subdependencies found: ...`): only a release of that dependency ends those.
import { stripVTControlCharacters } from "node:util";

const DEPRECATION = /\bWARN\s+(deprecated\s|\d+ deprecated subdependencies found:)/;

/** Every warning in pnpm's output, each on one line: `... WARN message` or `Warning: text`. */
export function pnpmWarnings(output: string): string[] {
  const warnings: string[] = [];
  let box: string[] | undefined;
  for (const line of stripVTControlCharacters(output)
    .split("\n")
    .map((text) => text.trim())) {
    if (box !== undefined) {
      if (line.startsWith("╰")) {
        warnings.push(`Warning: ${box.join(" ")}`);
        box = undefined;
      } else {
        const text = line.replace(/^│|│$/g, "").trim();
        if (text !== "") box.push(text);
      }
    } else if (/^╭\s*Warning\b/.test(line)) {
      box = [];
    } else if (/\bWARN\b/.test(line)) {
      // pnpm pads its WARN badge with thin spaces.
      warnings.push(line.replace(/\s+/g, " "));
    }
  }
  return warnings;
}

/** The warnings that are this project's own: all but third-party deprecation notices. */
export function ownWarnings(output: string): string[] {
  return pnpmWarnings(output).filter((warning) => !DEPRECATION.test(warning));
}
