import { describe, expect, it } from "vitest";
import { messages, RuleError } from "../domain/errors.js";
import {
  allowedAddresses,
  checkEndPointUrl,
  END_POINT_URL_MAX_LENGTH,
  parseEndPointUrl,
  type Resolve,
  type ResolvedAddress,
} from "./endpoint-url.js";

function ruleMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(RuleError);
    expect((error as RuleError).kind).toBe("Invalid");
    return (error as RuleError).message;
  }
  throw new Error("expected a RuleError");
}

async function asyncRuleMessage(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(RuleError);
  expect((error as RuleError).kind).toBe("Invalid");
  return (error as RuleError).message;
}

/** A resolver with fixed answers, as DNS would give them; any other name does not exist. */
function fakeDns(answers: Record<string, string[]>): Resolve {
  return async (host) => {
    const addresses = answers[host];
    if (addresses === undefined) throw Object.assign(new Error("ENOTFOUND"), { code: "ENOTFOUND" });
    return addresses.map(
      (address): ResolvedAddress => ({ address, family: address.includes(":") ? 6 : 4 }),
    );
  };
}

describe("parseEndPointUrl", () => {
  it.each([
    ["https://hooks.example.com/refattaches", false],
    ["https://hooks.example.com/refattaches", true],
    ["http://hooks.example.com:8080/hook?office=12", false],
    ["https://[2606:4700:4700::1111]/hook", true],
    ["https://bücher.example/hook", true],
  ])("accepts %s (production: %s)", (text, production) => {
    expect(parseEndPointUrl(text, production).href).toBe(new URL(text).href);
  });

  it.each([
    ["hooks.example.com/refattaches", messages.endPointUrlNotHttp],
    ["/refattaches", messages.endPointUrlNotHttp],
    ["", messages.endPointUrlNotHttp],
    ["ftp://hooks.example.com/", messages.endPointUrlNotHttp],
    ["javascript:alert(1)", messages.endPointUrlNotHttp],
    ["file:///etc/passwd", messages.endPointUrlNotHttp],
    ["http://", messages.endPointUrlNotHttp],
    [" https://hooks.example.com/", messages.endPointUrlNotHttp],
    ["https://hooks.example.com/ ", messages.endPointUrlNotHttp],
    ["https://hooks.exa\tmple.com/", messages.endPointUrlNotHttp],
    ["https://hooks.example.com/a\nb", messages.endPointUrlNotHttp],
    ["https://hooks.example.com/a b", messages.endPointUrlNotHttp],
    ["https://user:secret@hooks.example.com/", messages.endPointUrlCredentials],
    ["https://user@hooks.example.com/", messages.endPointUrlCredentials],
    ["https://:secret@hooks.example.com/", messages.endPointUrlCredentials],
  ])("refuses %j", (text, message) => {
    expect(ruleMessage(() => parseEndPointUrl(text, false))).toBe(message);
  });

  it("refuses http:// in production only", () => {
    const text = "http://hooks.example.com/refattaches";
    expect(ruleMessage(() => parseEndPointUrl(text, true))).toBe(messages.endPointUrlHttpsOnly);
    expect(parseEndPointUrl(text, false).protocol).toBe("http:");
  });

  it(`allows ${END_POINT_URL_MAX_LENGTH} characters and no more`, () => {
    const base = "https://hooks.example.com/";
    const longest = base + "a".repeat(END_POINT_URL_MAX_LENGTH - base.length);
    expect(parseEndPointUrl(longest, true).href).toBe(longest);
    expect(ruleMessage(() => parseEndPointUrl(`${longest}a`, true))).toBe(
      messages.endPointUrlTooLong(END_POINT_URL_MAX_LENGTH),
    );
  });

  it("messages name the field, for a 400 body", () => {
    for (const message of [
      messages.endPointUrlNotHttp,
      messages.endPointUrlHttpsOnly,
      messages.endPointUrlCredentials,
      messages.endPointUrlTooLong(END_POINT_URL_MAX_LENGTH),
      messages.endPointUrlUnresolved("x"),
      messages.endPointUrlNotPublic("x", "loopback"),
    ]) {
      expect(message).toMatch(/^EndPointUrl /);
    }
  });
});

describe("allowedAddresses", () => {
  const dns = fakeDns({
    "hooks.example.com": ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"],
    "internal.example.com": ["10.0.0.7"],
    "metadata.example.com": ["169.254.169.254"],
    "rebind.example.com": ["93.184.216.34", "127.0.0.1"],
    "mapped.example.com": ["::ffff:192.168.1.10"],
    "nat64.example.com": ["64:ff9b::7f00:1"],
    "empty.example.com": [],
  });
  const url = (text: string) => new URL(text);

  it("gives every address of a public host", async () => {
    expect(await allowedAddresses(url("https://hooks.example.com/"), false, dns)).toEqual([
      { address: "93.184.216.34", family: 4 },
      { address: "2606:2800:220:1:248:1893:25c8:1946", family: 6 },
    ]);
  });

  it.each([
    ["https://internal.example.com/", "internal.example.com", "private"],
    ["https://metadata.example.com/", "metadata.example.com", "link-local"],
    ["https://rebind.example.com/", "rebind.example.com", "loopback"],
    ["https://mapped.example.com/", "mapped.example.com", "private"],
    ["https://nat64.example.com/", "nat64.example.com", "loopback"],
    ["http://127.0.0.1:3000/hook", "127.0.0.1", "loopback"],
    ["http://2130706433/hook", "127.0.0.1", "loopback"],
    ["http://0x7f.1/hook", "127.0.0.1", "loopback"],
    ["http://[::1]/hook", "::1", "loopback"],
    ["http://[::ffff:127.0.0.1]/hook", "::ffff:7f00:1", "loopback"],
    ["http://0.0.0.0/hook", "0.0.0.0", "unspecified"],
    ["http://100.100.1.1/hook", "100.100.1.1", "shared address space (CGNAT)"],
    ["http://[fe80::1]/hook", "fe80::1", "link-local"],
    ["http://[fd00::1]/hook", "fd00::1", "private"],
    ["http://224.0.0.251/hook", "224.0.0.251", "multicast"],
    ["http://255.255.255.255/hook", "255.255.255.255", "broadcast"],
  ])("refuses %s: a %s address", async (text, host, kind) => {
    expect(await asyncRuleMessage(allowedAddresses(url(text), false, dns))).toBe(
      messages.endPointUrlNotPublic(host, kind),
    );
  });

  it("allows every one of them with allowPrivate", async () => {
    expect(await allowedAddresses(url("https://rebind.example.com/"), true, dns)).toEqual([
      { address: "93.184.216.34", family: 4 },
      { address: "127.0.0.1", family: 4 },
    ]);
    expect(await allowedAddresses(url("http://[::1]:8080/"), true, dns)).toEqual([
      { address: "::1", family: 6 },
    ]);
  });

  it("refuses a host that does not resolve, even with allowPrivate", async () => {
    for (const host of ["nowhere.example.com", "empty.example.com"]) {
      expect(await asyncRuleMessage(allowedAddresses(url(`https://${host}/`), true, dns))).toBe(
        messages.endPointUrlUnresolved(host),
      );
    }
  });

  it("takes an IP literal as it is, without asking DNS", async () => {
    const nobody: Resolve = () => Promise.reject(new Error("DNS must not be asked"));
    expect(await allowedAddresses(url("https://93.184.216.34/"), false, nobody)).toEqual([
      { address: "93.184.216.34", family: 4 },
    ]);
  });

  it("asks the system resolver by default: localhost is loopback", async () => {
    const message = await asyncRuleMessage(allowedAddresses(url("http://localhost:1/"), false));
    expect(message).toBe(messages.endPointUrlNotPublic("localhost", "loopback"));
  });
});

describe("checkEndPointUrl", () => {
  const dns = fakeDns({
    "hooks.example.com": ["93.184.216.34"],
    "lan.example.com": ["192.168.1.2"],
  });
  const rules = { production: true, allowPrivate: false };

  it("applies the URL rules first, then the address rules", async () => {
    expect((await checkEndPointUrl("https://hooks.example.com/x", rules, dns)).href).toBe(
      "https://hooks.example.com/x",
    );
    expect(await asyncRuleMessage(checkEndPointUrl("http://lan.example.com/", rules, dns))).toBe(
      messages.endPointUrlHttpsOnly,
    );
    expect(await asyncRuleMessage(checkEndPointUrl("https://lan.example.com/", rules, dns))).toBe(
      messages.endPointUrlNotPublic("lan.example.com", "private"),
    );
    const lan = await checkEndPointUrl(
      "http://lan.example.com/",
      { production: false, allowPrivate: true },
      dns,
    );
    expect(lan.host).toBe("lan.example.com");
  });
});
