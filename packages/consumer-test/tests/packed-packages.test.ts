// The public packages as a user gets them: packed with `pnpm pack`, installed with npm into a
// temporary project outside this workspace (no workspace, no catalog, only the tarballs and
// the registry), type-checked by a small consumer under moduleResolution bundler and node16,
// run against a real server, and the contract checker run from its tarball alone with npx.
import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { referralTypeValues } from "@refattaches/api-types";
import { DEMO, DEMO_API_KEY, messages } from "@refattaches/server";
import {
  DOCUMENTED_GET_EXAMPLE,
  sqliteBackend,
  startTestServer,
  storedRefAttaches,
  type TestServer,
} from "@refattaches/server/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const PUBLIC_PACKAGES = ["api-types", "client", "contract-tests", "webhooks"] as const;
type PublicPackage = (typeof PUBLIC_PACKAGES)[number];

const workspace = fileURLToPath(new URL("../../../", import.meta.url));
const require = createRequire(import.meta.url);
// The workspace's pinned TypeScript checks the consumer; everything it reads comes from the
// temporary project's node_modules.
const tsc = require.resolve("typescript/bin/tsc");
const typesNode: string = require("@types/node/package.json").version;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to the end; a non-zero exit is a result, not an exception. */
function run(command: string, args: string[], cwd: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd, env: npmEnv, maxBuffer: 64 * 1024 * 1024, timeout: 180_000 },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== "number") reject(error);
        else resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
      },
    );
  });
}

async function succeed(command: string, args: string[], cwd: string): Promise<string> {
  const result = await run(command, args, cwd);
  expect(result.code, `${command} ${args.join(" ")}\n${result.stderr}${result.stdout}`).toBe(0);
  return result.stdout;
}

let root: string;
let npmEnv: NodeJS.ProcessEnv;
const tarballs = {} as Record<PublicPackage, string>;
let server: TestServer;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "refattaches-consumer-"));
  expect(relative(workspace, root).startsWith("..")).toBe(true);
  // pnpm hands its scripts its own settings as npm_* variables, which npm would take as its
  // own; a user's shell has none of them. A private cache (where npx also installs the
  // checker) goes with the temporary folder instead of growing the user's.
  npmEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  npmEnv.npm_config_cache = join(root, "npm-cache");
  npmEnv.npm_config_update_notifier = "false";
  // Fail within a minute rather than retry for many when the registry cannot be reached.
  npmEnv.npm_config_fetch_retry_maxtimeout = "10000";
  const packs = join(root, "packs");
  for (const name of PUBLIC_PACKAGES) {
    await succeed("pnpm", ["pack", "--pack-destination", packs], join(workspace, "packages", name));
  }
  for (const file of await readdir(packs)) {
    const name = PUBLIC_PACKAGES.find((candidate) =>
      new RegExp(`^refattaches-${candidate}-\\d+\\.\\d+\\.\\d+.*\\.tgz$`).test(file),
    );
    if (name !== undefined) tarballs[name] = join(packs, file);
  }
  expect(Object.keys(tarballs).sort()).toEqual([...PUBLIC_PACKAGES].sort());
  // Subscriptions to receivers on 127.0.0.1: the fixture's, and the checker's own.
  server = await startTestServer(sqliteBackend, { webhooks: { allowPrivateUrls: true } });
});

afterAll(async () => {
  await server?.close();
  if (root !== undefined) await rm(root, { recursive: true, force: true });
});

describe("the packed tarballs", () => {
  test("hold the LICENSE, README, CHANGELOG and dist, and only real version ranges", async () => {
    const license = await readFile(join(workspace, "LICENSE"), "utf8");
    for (const name of PUBLIC_PACKAGES) {
      const into = join(root, "unpacked", name);
      await mkdir(into, { recursive: true });
      await succeed("tar", ["-xzf", tarballs[name], "-C", into], root);
      const unpacked = join(into, "package");
      expect(await readFile(join(unpacked, "LICENSE"), "utf8")).toBe(license);
      const files = await readdir(unpacked);
      expect(files).toEqual(expect.arrayContaining(["README.md", "CHANGELOG.md", "dist"]));
      const manifestText = await readFile(join(unpacked, "package.json"), "utf8");
      // npm pack would leave these in; pnpm pack writes the versions they stand for.
      expect(manifestText).not.toMatch(/"(workspace|catalog):/);
      const manifest = JSON.parse(manifestText);
      expect(manifest).toMatchObject({
        license: "MIT",
        repository: { type: "git", directory: `packages/${name}` },
        publishConfig: { access: "public" },
        engines: { node: expect.any(String) },
      });
      expect(manifest.private).toBeUndefined();
    }
  });

  test("the checker carries the spec of this repository and depends on no private package", async () => {
    const unpacked = join(root, "unpacked", "contract-tests", "package");
    expect(await readFile(join(unpacked, "openapi.yaml"), "utf8")).toBe(
      await readFile(join(workspace, "openapi", "openapi.yaml"), "utf8"),
    );
    const manifest = JSON.parse(await readFile(join(unpacked, "package.json"), "utf8"));
    expect(Object.keys(manifest.dependencies)).not.toContainEqual(
      expect.stringMatching(/^@refattaches\//),
    );
  });
});

describe("a project that installs the client from its tarballs", () => {
  let app: string;

  beforeAll(async () => {
    app = join(root, "app");
    await mkdir(join(app, "src"), { recursive: true });
    await writeFile(
      join(app, "package.json"),
      JSON.stringify({
        name: "refattaches-consumer",
        private: true,
        type: "module",
        dependencies: {
          "@refattaches/api-types": `file:${tarballs["api-types"]}`,
          "@refattaches/client": `file:${tarballs.client}`,
          "@refattaches/webhooks": `file:${tarballs.webhooks}`,
          "@types/node": typesNode,
        },
      }),
    );
    await copyFile(
      fileURLToPath(new URL("../fixture/consumer.ts", import.meta.url)),
      join(app, "src", "consumer.ts"),
    );
    const strict = { target: "ES2022", strict: true, skipLibCheck: false, types: ["node"] };
    await writeFile(
      join(app, "tsconfig.bundler.json"),
      JSON.stringify({
        compilerOptions: {
          ...strict,
          lib: ["ES2023", "DOM"],
          module: "preserve",
          moduleResolution: "bundler",
          noEmit: true,
        },
        include: ["src"],
      }),
    );
    await writeFile(
      join(app, "tsconfig.node16.json"),
      JSON.stringify({
        compilerOptions: {
          ...strict,
          lib: ["ES2023"],
          module: "node16",
          moduleResolution: "node16",
          outDir: "out",
        },
        include: ["src"],
      }),
    );
    await succeed("npm", ["install", "--no-audit", "--no-fund"], app);
  });

  test.each(["api-types", "webhooks"] as const)(
    "npm takes the client's @refattaches/%s from its tarball, installed once",
    async (name) => {
      const installed = JSON.parse(
        await readFile(join(app, `node_modules/@refattaches/${name}/package.json`), "utf8"),
      );
      const packed = JSON.parse(
        await readFile(join(root, `unpacked/${name}/package/package.json`), "utf8"),
      );
      expect(installed.version).toBe(packed.version);
      const lock = JSON.parse(await readFile(join(app, "package-lock.json"), "utf8"));
      const copies = Object.keys(lock.packages).filter((path) =>
        path.endsWith(`node_modules/@refattaches/${name}`),
      );
      expect(copies).toEqual([`node_modules/@refattaches/${name}`]);
      // The lockfile records the tarball relative to the project.
      expect(lock.packages[copies[0] ?? ""].resolved).toBe(`file:${relative(app, tarballs[name])}`);
    },
  );

  test("type-checks with moduleResolution bundler", async () => {
    await succeed(process.execPath, [tsc, "-p", "tsconfig.bundler.json"], app);
  });

  test("type-checks with moduleResolution node16, and the compiled program works against a real server", async () => {
    await succeed(process.execPath, [tsc, "-p", "tsconfig.node16.json"], app);
    const before = await storedRefAttaches(server.database.db, DEMO.patients.referredOut);
    const { developerKey, customerKey } = DEMO_API_KEY;
    const stdout = await succeed(
      process.execPath,
      ["out/consumer.js", server.url, developerKey, customerKey],
      app,
    );
    const output = JSON.parse(stdout);
    expect(output.seeded).toEqual([DOCUMENTED_GET_EXAMPLE]);
    expect(output.created).toMatchObject({
      PatNum: 972,
      ReferralNum: 17,
      ReferralType: "RefTo",
      RefToStatus: "Scheduled",
      RefDate: "2024-01-02",
    });
    expect(output.updated).toEqual({
      ...output.created,
      RefToStatus: "Complete",
      DateTStamp: expect.any(String),
    });
    expect(output.listed).toContain(output.created.RefAttachNum);
    expect(output.referral).toBe("Bokish");
    expect(output.notFound).toBe(`listRefAttaches 404 ${messages.patientNotFound}`);
    expect(output.referralTypes).toEqual([...referralTypeValues]);
    expect(output.maxPageSize).toBe(1000);
    expect(output.webhook).toEqual({
      verified: { id: "msg_consumer", timestamp: expect.any(Number) },
      tampered: "no-valid-signature",
      sameErrorClass: true,
    });
    expect(output.subscriptions).toEqual({
      created: "Referral",
      newSecret: true,
      listed: true,
      secretListed: false,
      removed: true,
    });
    // The program removed what it created: the server stores what it stored before.
    expect(await storedRefAttaches(server.database.db, DEMO.patients.referredOut)).toEqual(before);
  });
});

describe("the contract checker from its tarball alone", () => {
  let folder: string;
  const { developerKey, customerKey } = DEMO_API_KEY;
  const npx = (...args: string[]) =>
    run(
      "npx",
      ["--yes", `--package=./${tarballs["contract-tests"].split("/").at(-1)}`, ...args],
      folder,
    );

  beforeAll(async () => {
    // An empty folder with nothing but the checker's tarball.
    folder = join(root, "checker");
    await mkdir(folder);
    await copyFile(
      tarballs["contract-tests"],
      join(folder, tarballs["contract-tests"].split("/").at(-1) ?? ""),
    );
  });

  test("prints its version", async () => {
    const packed = JSON.parse(
      await readFile(join(root, "unpacked/contract-tests/package/package.json"), "utf8"),
    );
    const { code, stdout } = await npx("refattaches-contract", "--version");
    expect(code).toBe(0);
    expect(stdout).toBe(`${packed.version}\n`);
  });

  // Before the full run: its deliberate auth failures would get this address throttled (429).
  test("exits 2 with the server's explanation when the key is refused", async () => {
    const { code, stderr } = await npx(
      "refattaches-contract",
      ...["--base-url", server.url, "--key", "wrong/key"],
    );
    expect(code).toBe(2);
    expect(stderr).toContain(`answered 401: ${messages.unknownKeys}`);
  });

  test("checks the real server, writes JUnit XML and exits 0", async () => {
    const { code, stdout, stderr } = await npx(
      "refattaches-contract",
      ...["--base-url", server.url, "--key", `${developerKey}/${customerKey}`],
      ...["--reporter", "junit", "--output", "results.xml"],
    );
    expect(code, stderr).toBe(0);
    const passed = Number(/^(\d+) passed, 0 failed$/m.exec(stdout)?.[1]);
    expect(passed).toBeGreaterThan(100);
    const xml = await readFile(join(folder, "results.xml"), "utf8");
    expect(xml).toContain(`<testsuites name="refattaches-contract" tests="${passed}" failures="0"`);
    // It ran the spec it carries, installed without this repository's private packages.
    const specPath = /^Spec: (.*openapi\.yaml) \(/m.exec(stdout)?.[1] ?? "";
    expect(specPath).toMatch(/node_modules\/@refattaches\/contract-tests\/openapi\.yaml$/);
    const installed = await readdir(dirname(dirname(dirname(specPath))));
    expect(installed).not.toContain("better-sqlite3");
    expect(await readdir(join(dirname(dirname(specPath))))).toEqual(["contract-tests"]);
  });
});
