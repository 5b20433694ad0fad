// The classifier the fresh-clone test relies on, fed pnpm's own output: the bin warnings a
// fresh clone printed before the bins had launchers count as ours; deprecations do not.
import { describe, expect, it } from "vitest";
import { ownWarnings, pnpmWarnings } from "./support/pnpm-warnings.js";

// As pnpm 10 prints them (its WARN badge is padded with thin spaces, coloured on a terminal).
const BIN_WARNING =
  "\u001b[43m\u001b[30m\u2009WARN\u2009\u001b[39m\u001b[49m Failed to create bin at /tmp/clone/bench/node_modules/.bin/refattaches-server. ENOENT: no such file or directory, open '/tmp/clone/apps/server/dist/main.js'";
const DEPRECATED = "\u2009WARN\u2009 deprecated inflight@1.0.6: This module is not supported";
const DEPRECATED_IN_PROJECT =
  "packages/client                          | \u2009WARN\u2009 deprecated glob@7.2.3";
const SUBDEPENDENCIES =
  "\u2009WARN\u2009 2 deprecated subdependencies found: glob@7.2.3, inflight@1.0.6";
const IGNORED_BUILDS = [
  "╭ Warning ──────────────────────────────────────────╮",
  "│                                                    │",
  "│   Ignored build scripts: esbuild.                  │",
  '│   Run "pnpm approve-builds" to pick which.         │',
  "│                                                    │",
  "╰────────────────────────────────────────────────────╯",
].join("\n");

const OURS = [
  "WARN Failed to create bin at /tmp/clone/bench/node_modules/.bin/refattaches-server. ENOENT: no such file or directory, open '/tmp/clone/apps/server/dist/main.js'",
  'Warning: Ignored build scripts: esbuild. Run "pnpm approve-builds" to pick which.',
];

describe("pnpm install output", () => {
  it("yields each warning on one line, a WARN line as printed and a boxed notice joined", () => {
    const output = ["Progress: resolved 338", BIN_WARNING, "Done in 2s", IGNORED_BUILDS].join("\n");
    expect(pnpmWarnings(output)).toEqual(OURS);
  });

  it("counts every warning but third-party deprecations as the project's own", () => {
    const output = [
      BIN_WARNING,
      DEPRECATED,
      DEPRECATED_IN_PROJECT,
      SUBDEPENDENCIES,
      IGNORED_BUILDS,
    ];
    expect(ownWarnings(output.join("\n"))).toEqual(OURS);
    expect(ownWarnings([DEPRECATED, DEPRECATED_IN_PROJECT, SUBDEPENDENCIES].join("\n"))).toEqual(
      [],
    );
    expect(ownWarnings("Packages: +338\nDone in 1.9s using pnpm v10.34.9\n")).toEqual([]);
  });
});
