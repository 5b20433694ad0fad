import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { createApp } from "../../app.js";
import { DEMO_API_KEY } from "../../config.js";
import { openStore } from "../../store/open.js";
import type { Store } from "../../store/store.js";

describe("the API reference and the spec it renders", () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore("sqlite::memory:");
  });
  afterAll(async () => {
    await store.close();
  });

  const get = (path: string, apiKeys = [DEMO_API_KEY]) =>
    createApp({ store, apiKeys }).fetch(new Request(`http://practice.local:8123${path}`));

  it("serves the spec as JSON and YAML, its local servers pointing at this server", async () => {
    const json = await get("/openapi.json");
    expect(json.status).toBe(200);
    const fromJson = (await json.json()) as {
      servers: unknown[];
      paths: Record<string, { servers?: unknown[] }>;
    };
    const yaml = await get("/openapi.yaml");
    expect(yaml.headers.get("Content-Type")).toBe("application/yaml; charset=utf-8");
    const fromYaml = parse(await yaml.text());
    expect(fromYaml).toEqual(fromJson);
    expect(fromJson.servers).toEqual([
      { url: "http://practice.local:8123/api/v1", description: "This server." },
      { url: "https://api.opendental.com/api/v1", description: "Open Dental's cloud API." },
    ]);
    // The probes live at the root, beside the API.
    expect(fromJson.paths["/health"]?.servers).toEqual([
      { url: "http://practice.local:8123", description: "This server." },
    ]);
    expect(Object.keys(fromJson.paths)).toContain("/refattaches/{RefAttachNum}");
  });

  it("serves the page's script and stylesheet itself, from the installed package", async () => {
    const page = await (await get("/docs")).text();
    const sources = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(sources.sort()).toEqual([
      "/docs/assets/swagger-ui-dist/swagger-ui-bundle.js",
      "/docs/assets/swagger-ui-dist/swagger-ui.css",
    ]);
    expect(page).not.toMatch(/https?:\/\//);
    const script = await get("/docs/assets/swagger-ui-dist/swagger-ui-bundle.js");
    expect(script.status).toBe(200);
    expect(script.headers.get("Content-Type")).toBe("text/javascript; charset=utf-8");
    expect((await script.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    const style = await get("/docs/assets/swagger-ui-dist/swagger-ui.css");
    expect(style.headers.get("Content-Type")).toBe("text/css; charset=utf-8");
    // Only those two files: nothing else of the package (or the disk) is reachable.
    expect((await get("/docs/assets/swagger-ui-dist/package.json")).status).toBe(404);
    expect((await get("/docs/assets/swagger-ui-dist/..%2f..%2fpackage.json")).status).toBe(404);
  });

  it("pre-fills the demo Authorization only while the demo key pair is accepted", async () => {
    const demo = await (await get("/docs")).text();
    expect(demo).toContain(
      'preauthorizeApiKey("ODFHIR", "ODFHIR demo-developer-key/demo-customer-key")',
    );
    const own = await (await get("/docs", [{ developerKey: "d1", customerKey: "c1" }])).text();
    expect(own).not.toContain("preauthorizeApiKey");
    expect(own).not.toContain("c1");
  });

  it("needs no key, like the probes", async () => {
    expect((await get("/docs", [])).status).toBe(200);
    expect((await get("/openapi.json", [])).status).toBe(200);
  });
});
