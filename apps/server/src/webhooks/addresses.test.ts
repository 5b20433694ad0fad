import { describe, expect, it } from "vitest";
import { type AddressKind, addressKind } from "./addresses.js";

const refused: [string, AddressKind][] = [
  // IPv4, with the edges of each range.
  ["0.0.0.0", "unspecified"],
  ["0.255.255.255", "unspecified"],
  ["10.0.0.0", "private"],
  ["10.255.255.255", "private"],
  ["100.64.0.0", "shared address space (CGNAT)"],
  ["100.127.255.255", "shared address space (CGNAT)"],
  ["127.0.0.1", "loopback"],
  ["127.255.255.254", "loopback"],
  ["169.254.0.1", "link-local"],
  ["169.254.169.254", "link-local"],
  ["172.16.0.0", "private"],
  ["172.31.255.255", "private"],
  ["192.0.0.8", "reserved"],
  ["192.0.2.1", "documentation"],
  ["192.88.99.1", "reserved"],
  ["192.168.0.1", "private"],
  ["192.168.255.255", "private"],
  ["198.18.0.0", "benchmarking"],
  ["198.19.255.255", "benchmarking"],
  ["198.51.100.7", "documentation"],
  ["203.0.113.9", "documentation"],
  ["224.0.0.1", "multicast"],
  ["239.255.255.255", "multicast"],
  ["240.0.0.1", "reserved"],
  ["255.255.255.254", "reserved"],
  ["255.255.255.255", "broadcast"],
  // IPv6.
  ["::", "unspecified"],
  ["0:0:0:0:0:0:0:0", "unspecified"],
  ["::1", "loopback"],
  ["0:0:0:0:0:0:0:1", "loopback"],
  ["fe80::1", "link-local"],
  ["FE80::1", "link-local"],
  ["fe80::1%eth0", "link-local"],
  ["febf:ffff::1", "link-local"],
  ["fc00::1", "private"],
  ["fd12:3456:789a::1", "private"],
  ["fec0::1", "private"],
  ["ff02::1", "multicast"],
  ["ff0e::101", "multicast"],
  ["100::1", "reserved"],
  ["2001::1", "reserved"],
  ["2001:0:4136:e378:8000:63bf:3fff:fdd2", "reserved"],
  ["2001:20::1", "reserved"],
  ["2001:2::1", "benchmarking"],
  ["2001:db8::1", "documentation"],
  ["3fff::1", "documentation"],
  ["5f00::1", "reserved"],
  ["4000::1", "reserved"],
  ["::ffff:0:1", "unspecified"],
  // IPv4 inside IPv6: judged by the IPv4 address.
  ["::ffff:127.0.0.1", "loopback"],
  ["::ffff:7f00:1", "loopback"],
  ["::FFFF:7F00:0001", "loopback"],
  ["0:0:0:0:0:ffff:7f00:1", "loopback"],
  ["::ffff:10.1.2.3", "private"],
  ["::ffff:169.254.169.254", "link-local"],
  ["::ffff:100.64.0.1", "shared address space (CGNAT)"],
  ["::ffff:255.255.255.255", "broadcast"],
  ["::ffff:0:127.0.0.1", "loopback"],
  ["64:ff9b::127.0.0.1", "loopback"],
  ["64:ff9b::7f00:1", "loopback"],
  ["64:ff9b::192.168.1.1", "private"],
  ["64:ff9b::a9fe:a9fe", "link-local"],
  ["64:ff9b:1::8.8.8.8", "private"],
  ["2002:7f00:1::1", "loopback"],
  ["2002:c0a8:101::1", "private"],
  ["2002:a00:1::", "private"],
  // IPv4-compatible (deprecated): outside 2000::/3.
  ["::127.0.0.1", "reserved"],
  ["::8.8.8.8", "reserved"],
];

const allowed = [
  "8.8.8.8",
  "1.1.1.1",
  "93.184.216.34",
  "9.255.255.255",
  "11.0.0.0",
  "100.63.255.255",
  "100.128.0.0",
  "126.255.255.255",
  "128.0.0.0",
  "169.253.255.255",
  "169.255.0.0",
  "172.15.255.255",
  "172.32.0.0",
  "192.0.1.255",
  "192.167.255.255",
  "192.169.0.0",
  "198.17.255.255",
  "198.20.0.0",
  "223.255.255.255",
  "2606:4700:4700::1111",
  "2001:4860:4860::8888",
  "2a00:1450:4001:82a::200e",
  "2001:200::1",
  "3ffe:ffff::1",
  "::ffff:8.8.8.8",
  "::ffff:808:808",
  "64:ff9b::8.8.8.8",
  "2002:808:808::1",
];

describe("addressKind", () => {
  it.each(refused)("refuses %s (%s)", (address, kind) => {
    expect(addressKind(address)).toBe(kind);
  });

  it.each(allowed)("allows the public address %s", (address) => {
    expect(addressKind(address)).toBeUndefined();
  });

  it("throws for text that is not an IP address", () => {
    for (const text of ["localhost", "", "1.2.3", "::g", "[::1]"]) {
      expect(() => addressKind(text)).toThrow(TypeError);
    }
  });
});
