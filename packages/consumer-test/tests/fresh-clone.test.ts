// A newcomer's first command, `pnpm install` in a fresh clone, prints no warning of the
// project's own (what that means: support/pnpm-warnings.ts), and the bins it links work.
//
// The clone is a new folder holding the files git would commit, as they are in the working
// tree (tracked and new files, nothing git ignores: no node_modules, dist or generated code).
// In CI that is exactly a clone of HEAD; on a developer's machine it includes uncommitted
// edits, as turbo's cache key for this test does. pnpm installs offline from the store this
// checkout was installed from, so nothing waits on the registry, and with --ignore-scripts:
// dependencies' own build scripts (better-sqlite3's native build) say nothing through pnpm's
// warnings, and under a Node other than the one the store cached a build for they would
// compile for minutes.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Finished, runBounded } from "./support/bounded-run.js";
import { ownWarnings } from "./support/pnpm-warnings.js";

const workspace = fileURLToPath(new URL("../../../", import.meta.url));

/** The workspace's command-line tools, linked into the packages that depend on them. */
const BINS = ["refattaches-server", "refattaches-contract"];

/** Why this machine cannot make the clone, or undefined when it can. */
function cannotClone(): string | undefined {
  const git = spawnSync("git", ["rev-parse", "--is-inside-work-tree"], {
    cwd: workspace,
    timeout: 30_000,
  });
  if (git.error !== undefined)
    return "git is not on the PATH, so the fresh-clone checks are skipped";
  if (git.status !== 0) {
    return `${workspace} is not a git checkout, so the fresh-clone checks are skipped`;
  }
  const pnpm = spawnSync("pnpm", ["--version"], { cwd: tmpdir(), timeout: 30_000 });
  if (pnpm.error !== undefined || pnpm.status !== 0) {
    return "pnpm is not on the PATH, so the fresh-clone checks are skipped";
  }
  return undefined;
}

/** Runs a short command and expects it to succeed; returns its stdout. */
async function succeed(command: string, args: string[], cwd: string): Promise<string> {
  const result = await runBounded(command, args, { cwd, env: process.env, timeoutMs: 60_000 });
  expect(result.code, `${command} ${args.join(" ")}\n${result.stderr}`).toBe(0);
  return result.stdout;
}

// A user's shell has none of the npm_* settings pnpm hands the scripts it runs, nor the
// NODE_ENV vitest sets (NODE_ENV=production would leave devDependencies out).
const newcomerEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name) && name !== "NODE_ENV"),
);

describe("a fresh clone", () => {
  const reason = cannotClone();
  if (reason !== undefined) {
    it.skip(reason, () => {});
    return;
  }

  let root: string;
  let clone: string;
  let install: Finished;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "refattaches-clone-"));
    clone = join(root, "refattaches");
    const listed = await succeed(
      "git",
      ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
      workspace,
    );
    for (const file of listed.split("\0").filter((path) => path !== "")) {
      const from = join(workspace, file);
      // A tracked file deleted in the working tree is not in the next commit either.
      if (!existsSync(from)) continue;
      await mkdir(dirname(join(clone, file)), { recursive: true });
      await copyFile(from, join(clone, file));
    }
    const store = (await succeed("pnpm", ["store", "path"], workspace)).trim();
    install = await runBounded(
      "pnpm",
      ["install", "--frozen-lockfile", "--offline", "--ignore-scripts", "--store-dir", store],
      { cwd: clone, env: newcomerEnv, timeoutMs: 180_000 },
    );
  });

  afterAll(async () => {
    if (root !== undefined) await rm(root, { recursive: true, force: true });
  });

  it("installs with pnpm install --frozen-lockfile and prints no warning of the project's own", () => {
    const output = `${install.stdout}\n${install.stderr}`;
    expect(install.timedOut, output).toBe(false);
    expect(install.code, output).toBe(0);
    expect(ownWarnings(output)).toEqual([]);
  });

  it("links each workspace bin, which before a build says in one line to build first", async () => {
    // The consumer-test package depends on both, so both are linked into its .bin.
    const bin = join(clone, "packages", "consumer-test", "node_modules", ".bin");
    for (const name of BINS) {
      const result = await runBounded(join(bin, name), ["--help"], {
        cwd: clone,
        env: newcomerEnv,
        timeoutMs: 30_000,
      });
      expect(result).toEqual({
        code: 1,
        stdout: "",
        stderr: `${name} is not built: run pnpm build first\n`,
        timedOut: false,
      });
    }
  });
});

describe("the workspace's bins once built (turbo builds them before this test)", () => {
  const runBin = (folder: string, name: string, arg: string) =>
    runBounded(process.execPath, [join(workspace, folder, "bin", `${name}.js`), arg], {
      cwd: workspace,
      env: newcomerEnv,
      timeoutMs: 30_000,
    });

  it("refattaches-server --help prints the server's usage", async () => {
    const { code, stdout, stderr } = await runBin("apps/server", "refattaches-server", "--help");
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^Usage: refattaches-server \[--help\]\n/);
  });

  it("refattaches-contract --version prints the checker's version", async () => {
    const folder = "packages/contract-tests";
    const manifest = JSON.parse(await readFile(join(workspace, folder, "package.json"), "utf8"));
    expect(await runBin(folder, "refattaches-contract", "--version")).toEqual({
      code: 0,
      stdout: `${manifest.version}\n`,
      stderr: "",
      timedOut: false,
    });
  });
});
