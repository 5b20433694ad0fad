// The command line as a CI job uses it: exit codes, pre-flight messages, JUnit and JSON
// reports, --spec from a URL and --version, against the real server on a real socket.
import { once } from "node:events";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_API_KEY, messages } from "@refattaches/server";
import { sqliteBackend, startTestServer, type TestServer } from "@refattaches/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultSpecPath, EXIT, type JsonReport, runCli } from "../src/index.js";
import { type BreakingProxy, mapObjects, startBreakingProxy } from "./support/breaking-proxy.js";

const KEY = `${DEMO_API_KEY.developerKey}/${DEMO_API_KEY.customerKey}`;

let server: TestServer;
let folder: string;

beforeAll(async () => {
  // Full runs here make the checker's deliberate auth failures many times over; the failure
  // throttle would then answer the pre-flight tests' wrong keys with 429 instead of 401. The
  // subscriptions are checked with the checker's own receiver, on 127.0.0.1.
  server = await startTestServer(sqliteBackend, {
    limits: { authFailuresPerMinute: 0 },
    webhooks: { allowPrivateUrls: true },
  });
  folder = await mkdtemp(join(tmpdir(), "refattaches-cli-"));
});

afterAll(async () => {
  await server?.close();
  if (folder !== undefined) await rm(folder, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: {},
    cwd: folder,
  });
  return { code, stdout, stderr };
}

/** A local HTTP server answering every request with `status` and `body`; closed by the caller. */
async function serveText(status: number, body: string) {
  const http = createServer((_request, response) => {
    response.writeHead(status, { "Content-Type": "application/yaml" }).end(body);
  });
  http.listen(0, "127.0.0.1");
  await once(http, "listening");
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/openapi.yaml`,
    close: () => new Promise<void>((resolve) => http.close(() => resolve())),
  };
}

function count(xml: string, pattern: RegExp): number {
  return xml.match(new RegExp(pattern, "g"))?.length ?? 0;
}

describe("refattaches-contract", () => {
  it("prints its package version with --version", async () => {
    const manifest = JSON.parse(
      await readFile(new URL("../package.json", import.meta.url), "utf8"),
    );
    const { code, stdout } = await cli("--version");
    expect(code).toBe(EXIT.passed);
    expect(stdout).toBe(`${manifest.version}\n`);
  });

  it("exits 2 with the server's explanation when the key is refused", async () => {
    const { code, stdout, stderr } = await cli("--base-url", server.url, "--key", "nope/wrong");
    expect(code).toBe(EXIT.cannotRun);
    expect(stderr).toContain(`answered 401: ${messages.unknownKeys}`);
    expect(stdout).not.toMatch(/PASS|FAIL/);
  });

  it("exits 2 with the wait when the server throttles this client", async () => {
    const throttled = await startTestServer(sqliteBackend, {
      limits: { authFailuresPerMinute: 1 },
    });
    try {
      await fetch(`${throttled.url}/refattaches`, { headers: { Authorization: "ODFHIR x/y" } });
      const { code, stderr } = await cli("--base-url", throttled.url, "--key", "nope/wrong");
      expect(code).toBe(EXIT.cannotRun);
      expect(stderr).toMatch(
        /answered 429: Too many failed authentications.*Wait \d+ s, check the/,
      );
    } finally {
      await throttled.close();
    }
  });

  it("exits 2 suggesting the /api/v1 base when the list path answers 404", async () => {
    const origin = server.url.replace(/\/api\/v1$/, "");
    const { code, stderr } = await cli("--base-url", origin, "--key", KEY);
    expect(code).toBe(EXIT.cannotRun);
    expect(stderr).toContain(`GET ${origin}/refattaches answered 404`);
    expect(stderr).toContain(`did you mean ${origin}/api/v1?`);
  });

  it("exits 2 when nothing listens at the base URL", async () => {
    const closed = await serveText(200, "");
    await closed.close();
    const base = new URL(closed.url).origin;
    const { code, stderr } = await cli("--base-url", `${base}/api/v1`, "--key", KEY);
    expect(code).toBe(EXIT.cannotRun);
    expect(stderr).toMatch(
      /^Cannot reach the server: GET .* failed: fetch failed: .*ECONNREFUSED/m,
    );
  });

  it("writes JUnit XML with one test case per check and exits 0 when all pass", async () => {
    const output = join(folder, "contract.xml");
    const { code, stdout } = await cli(
      "--base-url",
      server.url,
      "--key",
      KEY,
      "--reporter",
      "junit",
      "--output",
      "contract.xml",
    );
    expect(code).toBe(EXIT.passed);
    const passed = Number(/^(\d+) passed, 0 failed$/m.exec(stdout)?.[1]);
    expect(passed).toBeGreaterThan(100);
    const xml = await readFile(output, "utf8");
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\s*<testsuites /);
    expect(xml).toMatch(
      new RegExp(
        `<testsuites name="refattaches-contract" tests="${passed}" failures="0" errors="0" skipped="0"`,
      ),
    );
    expect(count(xml, /<testcase /)).toBe(passed);
    expect(xml).toContain('classname="createRefAttach POST /refattaches"');
    expect(xml).not.toContain(DEMO_API_KEY.customerKey);
  });

  it("reports a broken server's failures in JUnit XML and exits 1", async () => {
    let proxy: BreakingProxy | undefined;
    try {
      proxy = await startBreakingProxy(server.url, ({ status, body }) => ({
        status,
        body: mapObjects(body, (item) => {
          if (!("ReferralType" in item)) return;
          item.RefType = item.ReferralType ?? null;
          delete item.ReferralType;
        }),
      }));
      const { code, stdout } = await cli(
        ...["--base-url", proxy.url, "--key", KEY, "--reporter", "junit"],
      );
      expect(code).toBe(EXIT.failed);
      // Without --output the XML is all there is on stdout.
      expect(stdout).toMatch(/^<\?xml /);
      expect(stdout).toContain(
        `<failure message="listRefAttaches GET /refattaches -> 200: body/0 must have required property 'ReferralType'`,
      );
      expect(count(stdout, /<failure /)).toBe(Number(/failures="(\d+)"/.exec(stdout)?.[1]));
      expect(count(stdout, /<failure /)).toBeGreaterThan(0);
    } finally {
      await proxy?.close();
    }
  });

  it("prints a JSON report alone on stdout, with read-only operations as skipped", async () => {
    const { code, stdout, stderr } = await cli(
      ...["--base-url", server.url, "--key", KEY, "--reporter", "json", "--read-only"],
    );
    expect(code).toBe(EXIT.passed);
    expect(stderr).toContain("(read-only)");
    const json = JSON.parse(stdout) as JsonReport;
    expect(json.checker.name).toBe("@refattaches/contract-tests");
    expect(json.report?.failed).toBe(0);
    expect(json.report?.passed).toBe(json.report?.results.length);
    expect(json.report?.results.every((r) => r.method === "GET")).toBe(true);
    expect(json.report?.skipped).toContain("createRefAttach POST /refattaches");
    expect(json.report?.skippedReasons["createRefAttach POST /refattaches"]).toBe("read-only");
  });

  it("writes the pre-flight error into the JUnit and JSON reports", async () => {
    const junit = await cli(
      ...["--base-url", server.url, "--key", "a/b", "--reporter", "junit", "--output", "e.xml"],
    );
    expect(junit.code).toBe(EXIT.cannotRun);
    const xml = await readFile(join(folder, "e.xml"), "utf8");
    expect(xml).toContain('errors="1"');
    expect(xml).toContain(`answered 401: ${messages.unknownKeys}`);
    const json = await cli("--base-url", server.url, "--key", "a/b", "--reporter", "json");
    expect(json.code).toBe(EXIT.cannotRun);
    const report = JSON.parse(json.stdout) as JsonReport;
    expect(report.report).toBeNull();
    expect(report.error).toContain(`answered 401: ${messages.unknownKeys}`);
  });

  it("checks against a spec given by URL", async () => {
    const spec = await serveText(200, await readFile(defaultSpecPath(), "utf8"));
    try {
      const { code, stdout } = await cli(
        ...["--base-url", server.url, "--key", KEY, "--read-only", "--spec", spec.url],
      );
      expect(code).toBe(EXIT.passed);
      expect(stdout).toContain(`Spec: ${spec.url}`);
      expect(stdout).toMatch(/^\d+ passed, 0 failed$/m);
    } finally {
      await spec.close();
    }
  });

  it("exits 2 when the spec URL does not answer with a spec", async () => {
    const missing = await serveText(404, "Not found");
    try {
      const { code, stderr } = await cli(
        ...["--base-url", server.url, "--key", KEY, "--spec", missing.url],
      );
      expect(code).toBe(EXIT.cannotRun);
      expect(stderr).toContain(`Cannot download the spec from ${missing.url}: HTTP 404`);
    } finally {
      await missing.close();
    }
  });

  it("exits 2 on an unknown reporter, naming the choices", async () => {
    const { code, stderr } = await cli("--base-url", server.url, "--key", KEY, "--reporter", "xml");
    expect(code).toBe(EXIT.cannotRun);
    expect(stderr).toContain("--reporter expects one of text, junit, json, got 'xml'");
  });
});
