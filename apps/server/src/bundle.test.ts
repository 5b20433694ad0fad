// The production bundle exactly as the README (and the Dockerfile) make it, `pnpm bundle DIR`,
// started the way production runs it: plain `node dist/main.js` with NODE_ENV=production,
// outside the workspace, so nothing can be borrowed from the repo's own node_modules.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { isBuiltin } from "node:module";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const REPO = join(import.meta.dirname, "..", "..", "..");
const dir = mkdtempSync(join(tmpdir(), "refattaches-bundle-"));
const bundle = join(dir, "bundle");
let child: ChildProcess | undefined;

afterAll(() => {
  child?.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

// Entry points for development only, and what only they load: the fuzzer (`pnpm fuzz` runs it
// from source with tsx; it needs fast-check) and the test helpers (vitest).
const DEV_ONLY = ["dist/fuzz/", "dist/testing/"];

/**
 * The packages a compiled module imports statically (`from "x"`, `import "x"`), by package
 * name; Node's built-in modules and relative paths are not packages. A dynamic `import("x")`
 * is left out: the code around it decides what happens when x is absent (pino-pretty, see
 * logger.ts).
 */
function packagesImported(source: string): string[] {
  const specifiers = [...source.matchAll(/(?:\bfrom|^import)\s*"([^"]+)"/gm)].map(
    (m) => m[1] ?? "",
  );
  const names = specifiers
    .filter((specifier) => !specifier.startsWith(".") && !isBuiltin(specifier))
    .map((specifier) =>
      specifier
        .split("/")
        .slice(0, specifier.startsWith("@") ? 2 : 1)
        .join("/"),
    );
  return [...new Set(names)];
}

/** Every file under `root`, relative to it, not descending into folders named in `skip`. */
function filesUnder(root: string, skip: string[] = []): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .filter((path) => !skip.some((folder) => path.startsWith(`${folder}/`)));
}

describe("the production bundle", () => {
  it("holds bin/, dist/, production node_modules and package metadata, nothing else", async () => {
    await promisify(execFile)("pnpm", ["bundle", bundle], { cwd: REPO });
    expect(readdirSync(bundle).sort()).toEqual([
      "README.md",
      "bin",
      "dist",
      "node_modules",
      "package.json",
      "pnpm-lock.yaml",
    ]);
    const ours = filesUnder(bundle, ["node_modules"]);
    expect(ours).toContain("dist/main.js");
    // /docs renders the hand-authored spec, copied into dist/ by the build.
    expect(ours).toContain("dist/openapi.yaml");
    expect(ours).toContain("bin/refattaches-server.js");
    const unwanted = ours.filter(
      (path) =>
        /(^|\/)src\//.test(path) ||
        /\.test(-d)?\.[cm]?[jt]s$/.test(path) ||
        DEV_ONLY.some((folder) => path.startsWith(folder)) ||
        /\.map$/.test(path) ||
        (/\.ts$/.test(path) && !/\.d\.ts$/.test(path)),
    );
    expect(unwanted).toEqual([]);
    // Every package a module in dist/ imports is installed: nothing shipped needs a
    // development dependency to load.
    const missing = ours
      .filter((path) => path.startsWith("dist/") && path.endsWith(".js"))
      .flatMap((path) =>
        packagesImported(readFileSync(join(bundle, path), "utf8"))
          .filter((name) => !existsSync(join(bundle, "node_modules", name)))
          .map((name) => `${path} imports ${name}`),
      );
    expect(missing).toEqual([]);
    expect(filesUnder(bundle).filter((path) => /\.sqlite/.test(path))).toEqual([]);
    // Development tools stay out of a production install.
    const installed = readdirSync(join(bundle, "node_modules"));
    for (const tool of ["vitest", "tsx", "typescript", "pino-pretty"]) {
      expect(installed).not.toContain(tool);
    }
  }, 180_000);

  it("has the refattaches-server command, which runs the built server", async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["bin/refattaches-server.js", "--help"],
      { cwd: bundle, env: { PATH: process.env.PATH ?? "" } },
    );
    expect(stdout).toMatch(/^Usage: refattaches-server \[--help\]\n/);
  });

  it("runs with plain node in production: keys from a file, no demo data", async () => {
    const keys = join(dir, "od_api_keys");
    writeFileSync(keys, "# the practice's integration\nprod-dev/prod-cust\n");
    child = spawn(process.execPath, ["dist/main.js"], {
      cwd: bundle,
      env: {
        PATH: process.env.PATH ?? "",
        NODE_ENV: "production",
        OD_API_KEYS_FILE: keys,
        PORT: "0",
      },
    });
    let output = "";
    child.stdout?.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr?.on("data", (chunk) => {
      output += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child?.on("exit", resolve));
    await expect.poll(() => output, { timeout: 15_000 }).toMatch(/listening on http/);
    const api = /listening on (http[^\s"]+)/.exec(output)?.[1] ?? "";
    const origin = new URL(api).origin;

    expect((await fetch(`${origin}/ready`)).status).toBe(200);
    const own = { headers: { Authorization: "ODFHIR prod-dev/prod-cust" } };
    // A new production database holds no demo patients, referrals or refattaches.
    for (const path of ["/refattaches", "/referrals"]) {
      const reply = await fetch(`${api}${path}`, own);
      expect(reply.status).toBe(200);
      expect(await reply.json()).toEqual([]);
    }
    const demo = await fetch(`${api}/refattaches`, {
      headers: { Authorization: "ODFHIR demo-developer-key/demo-customer-key" },
    });
    expect(demo.status).toBe(401);
    // The reference renders the spec copied into dist/, with assets from node_modules.
    const docs = await fetch(`${origin}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).not.toContain("preauthorizeApiKey");
    const script = await fetch(`${origin}/docs/assets/swagger-ui-dist/swagger-ui-bundle.js`);
    expect(script.status).toBe(200);
    const spec = (await (await fetch(`${origin}/openapi.json`)).json()) as {
      servers: { url: string }[];
    };
    expect(spec.servers[0]?.url).toBe(api);
    // JSON lines, not pino-pretty (a development dependency, absent here).
    expect(output.split("\n")[0]).toMatch(/^\{"level":"info"/);

    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 30_000);
});
