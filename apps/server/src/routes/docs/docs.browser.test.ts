// /docs in a real browser (Debian's chromium through playwright-core): every operation of
// the spec is listed, "try it" on a GET answers 200 with the pre-filled demo key, and every
// request the page makes stays on this server. The screenshot is kept as a test artifact.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { sqliteBackend, startTestServer, type TestServer } from "../../testing/index.js";

const CHROMIUM = "/usr/bin/chromium";
const SCREENSHOT = join(import.meta.dirname, "..", "..", "..", "test-artifacts", "docs.png");

/**
 * `METHOD path` of every operation in the hand-authored spec, and `METHOD name` of every
 * webhook it describes (Swagger UI lists the deliveries a subscription sends beside the paths).
 */
function specOperations(): string[] {
  const file = createRequire(import.meta.url).resolve("@refattaches/openapi/openapi.yaml");
  const spec = parse(readFileSync(file, "utf8")) as {
    paths: Record<string, object>;
    webhooks?: Record<string, object>;
  };
  const items = [...Object.entries(spec.paths), ...Object.entries(spec.webhooks ?? {})];
  return items.flatMap(([path, item]) =>
    Object.keys(item)
      .filter((key) => ["get", "put", "post", "delete", "patch"].includes(key))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
}

describe("/docs in a browser", () => {
  if (!existsSync(CHROMIUM)) {
    it.skip(`${CHROMIUM} is missing (apt-get install chromium); browser test skipped`, () => {});
    return;
  }
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer(sqliteBackend);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("lists every operation, and 'try it' on a GET answers 200", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const requested: string[] = [];
    page.on("request", (request) => requested.push(request.url()));

    await page.goto(`${server.origin}/docs`);
    const expected = specOperations();
    const summaries = page.locator(".opblock-summary");
    await expect.poll(() => summaries.count(), { timeout: 15_000 }).toBe(expected.length);
    const listed = await summaries.evaluateAll((elements) =>
      elements.map((element) => {
        const method = element.querySelector(".opblock-summary-method")?.textContent ?? "";
        const path = element.querySelector(".opblock-summary-path")?.getAttribute("data-path");
        return `${method.trim()} ${path ?? ""}`;
      }),
    );
    expect(listed.sort()).toEqual(expected.sort());

    // Open "List refattaches" and execute it as it stands (try-it-out is on by default).
    const list = page.locator(".opblock-get").filter({
      has: page.locator('.opblock-summary-path[data-path="/refattaches"]'),
    });
    await list.locator(".opblock-summary").click();
    await list.locator("button.execute").click();
    const status = list.locator(".live-responses-table .response .response-col_status");
    await expect.poll(() => status.first().textContent(), { timeout: 15_000 }).toMatch(/^200/);
    await expect
      .poll(() => list.locator(".live-responses-table").textContent())
      .toContain("RefAttachNum");

    mkdirSync(join(SCREENSHOT, ".."), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // Scripts, styles, the spec and the API call: all from this server, none from a CDN.
    expect(requested.filter((url) => !url.startsWith(`${server.origin}/`))).toEqual([]);
    expect(requested).toContainEqual(expect.stringMatching(/\/api\/v1\/refattaches(\?|$)/));
    await page.close();
  }, 60_000);
});
