// Which IP addresses may receive deliveries: only public unicast ones. Everything an outside
// caller could use to reach this server's own machine or network (loopback, private, link-local,
// CGNAT, ...) is refused, including IPv6 forms that carry an IPv4 address inside them
// (IPv4-mapped, NAT64, 6to4), which are judged by that IPv4 address. Ranges from IANA's IPv4
// and IPv6 Special-Purpose Address Registries.
import { isIPv4, isIPv6 } from "node:net";

/** Why an address may not receive deliveries. */
export type AddressKind =
  | "unspecified"
  | "loopback"
  | "private"
  | "link-local"
  | "shared address space (CGNAT)"
  | "multicast"
  | "broadcast"
  | "documentation"
  | "benchmarking"
  | "reserved";

/** An IPv6 range that carries an IPv4 address, `shift` bits from the right. */
interface EmbeddedIPv4 {
  shift: number;
}

interface Range<Rule> {
  base: bigint;
  bits: number;
  rule: Rule;
}

function ipv4Value(address: string): bigint {
  return address.split(".").reduce((value, part) => (value << 8n) | BigInt(Number(part)), 0n);
}

/** The 128-bit value of a valid IPv6 address in any of its written forms. */
function ipv6Value(address: string): bigint {
  // A zone (`fe80::1%eth0`) names an interface, not part of the address.
  let text = address.split("%")[0] ?? "";
  const dotted = /\d+\.\d+\.\d+\.\d+$/.exec(text)?.[0];
  if (dotted !== undefined) {
    const value = ipv4Value(dotted);
    text = `${text.slice(0, -dotted.length)}${(value >> 16n).toString(16)}:${(value & 0xffffn).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const left = head === "" ? [] : head.split(":");
  const right = tail === undefined || tail === "" ? [] : tail.split(":");
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  return groups.reduce((value, group) => (value << 16n) | BigInt(Number.parseInt(group, 16)), 0n);
}

function ranges<Rule>(width: 32 | 128, table: [string, Rule][]): Range<Rule>[] {
  return table.map(([cidr, rule]) => {
    const [address = "", bits = ""] = cidr.split("/");
    const base = width === 32 ? ipv4Value(address) : ipv6Value(address);
    return { base: base >> BigInt(width - Number(bits)), bits: Number(bits), rule };
  });
}

function find<Rule>(table: Range<Rule>[], width: 32 | 128, value: bigint): Rule | undefined {
  return table.find((range) => value >> BigInt(width - range.bits) === range.base)?.rule;
}

// First match wins, so a narrower range comes before the wider one it sits in.
const IPV4 = ranges<AddressKind>(32, [
  ["0.0.0.0/8", "unspecified"],
  ["10.0.0.0/8", "private"],
  ["100.64.0.0/10", "shared address space (CGNAT)"],
  ["127.0.0.0/8", "loopback"],
  ["169.254.0.0/16", "link-local"],
  ["172.16.0.0/12", "private"],
  ["192.0.0.0/24", "reserved"],
  ["192.0.2.0/24", "documentation"],
  ["192.88.99.0/24", "reserved"],
  ["192.168.0.0/16", "private"],
  ["198.18.0.0/15", "benchmarking"],
  ["198.51.100.0/24", "documentation"],
  ["203.0.113.0/24", "documentation"],
  ["224.0.0.0/4", "multicast"],
  ["255.255.255.255/32", "broadcast"],
  ["240.0.0.0/4", "reserved"],
]);

const IPV6 = ranges<AddressKind | EmbeddedIPv4>(128, [
  ["::/128", "unspecified"],
  ["::1/128", "loopback"],
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-translated (::ffff:0:a.b.c.d): an IPv4 address.
  ["::ffff:0:0/96", { shift: 0 }],
  ["::ffff:0:0:0/96", { shift: 0 }],
  // NAT64's well-known prefix reaches the IPv4 address in its last 32 bits.
  ["64:ff9b::/96", { shift: 0 }],
  // A local NAT64 prefix may translate to anything in the operator's network.
  ["64:ff9b:1::/48", "private"],
  ["100::/64", "reserved"],
  ["2001:2::/48", "benchmarking"],
  ["2001:db8::/32", "documentation"],
  // IETF protocol assignments, Teredo among them (its IPv4 address is obfuscated).
  ["2001::/23", "reserved"],
  // 6to4: 2002:AABB:CCDD::/48 belongs to the IPv4 address AA.BB.CC.DD.
  ["2002::/16", { shift: 80 }],
  ["3fff::/20", "documentation"],
  ["5f00::/16", "reserved"],
  ["fc00::/7", "private"],
  ["fe80::/10", "link-local"],
  ["fec0::/10", "private"],
  ["ff00::/8", "multicast"],
]);

const GLOBAL_UNICAST = ranges(128, [["2000::/3", true]]);

/**
 * Why `address` (an IPv4 or IPv6 address as text, as DNS answers it) may not receive
 * deliveries, or undefined when it is a public unicast address. Throws a TypeError for text
 * that is not an IP address.
 */
export function addressKind(address: string): AddressKind | undefined {
  if (isIPv4(address)) return find(IPV4, 32, ipv4Value(address));
  if (!isIPv6(address)) throw new TypeError("Not an IP address");
  const value = ipv6Value(address);
  const rule = find(IPV6, 128, value);
  if (typeof rule === "string") return rule;
  if (rule !== undefined) return find(IPV4, 32, (value >> BigInt(rule.shift)) & 0xffffffffn);
  // Everything outside 2000::/3 is unassigned or special: nothing a receiver can have.
  return find(GLOBAL_UNICAST, 128, value) ? undefined : "reserved";
}
