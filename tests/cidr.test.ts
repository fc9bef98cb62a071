/** IPv4 address math for config validation (util/cidr.ts): pure, so tested on its own. */
import { Cidr, cidrContains, cidrSize, mergedIntervals, parseCidr, unionSize } from "../util/cidr";

const cidrs = (...texts: string[]): Cidr[] =>
  texts.map((text) => {
    const parsed = parseCidr(text, true);
    if (!parsed) throw new Error(`not a CIDR: ${text}`);
    return parsed;
  });
const ip = (text: string) => (parseCidr(text, true) as Cidr).network;

describe("parseCidr", () => {
  it.each([
    ["10.0.0.0/8", { network: 10 * 2 ** 24, prefix: 8 }],
    ["0.0.0.0/0", { network: 0, prefix: 0 }],
    ["255.255.255.255/32", { network: 2 ** 32 - 1, prefix: 32 }],
  ])("reads %s", (text, expected) => {
    expect(parseCidr(text)).toEqual(expected);
  });

  it.each(["10.0.0.1/8", "10.0.0.0/33", "256.0.0.0/8", "10.0.0/8", "10.0.0.0.0/8", "010.0.0.0/8", "10.0.0.0", "x10.0.0.0/8", "10.0.0.0/8x", "10.0.0.0/8 "])("refuses %s", (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });

  it("reads a bare address as /32 only when asked to", () => {
    expect(parseCidr("198.51.100.17", true)).toEqual({ network: ip("198.51.100.17"), prefix: 32 });
    expect(parseCidr("198.51.100.17")).toBeUndefined();
  });
});

describe("cidrContains", () => {
  it.each([
    ["10.0.0.0/16", "10.0.0.0/16", true],
    ["10.0.0.0/16", "10.0.0.0/24", true],
    ["10.0.0.0/16", "10.0.255.0/24", true], // the last subnet of the network
    ["10.0.0.0/16", "10.1.0.0/24", false], // the first address after it
    ["10.0.0.0/16", "9.255.255.0/24", false], // just before it
    ["10.0.0.0/16", "10.0.0.0/15", false], // larger than the network, same start
    ["0.0.0.0/0", "255.255.255.255/32", true],
  ])("%s contains %s: %s", (outer, inner, expected) => {
    const [o, i] = cidrs(outer, inner);
    expect(cidrContains(o, i)).toBe(expected);
  });
});

describe("cidrSize", () => {
  it.each([
    ["0.0.0.0/0", 2 ** 32],
    ["10.0.0.0/8", 16_777_216],
    ["203.0.113.0/24", 256],
    ["198.51.100.17/32", 1],
  ])("of %s is %d", (text, size) => {
    expect(cidrSize(cidrs(text)[0])).toBe(size);
  });
});

describe("mergedIntervals", () => {
  it("sorts, merges overlapping and adjacent networks, and keeps disjoint ones apart", () => {
    expect(mergedIntervals(cidrs("192.0.2.0/24", "10.0.0.0/8", "10.1.0.0/16", "10.0.0.0/9", "11.0.0.0/8", "203.0.113.0/24", "192.0.2.128/25"))).toEqual([
      { start: ip("10.0.0.0"), end: ip("12.0.0.0") },
      { start: ip("192.0.2.0"), end: ip("192.0.3.0") },
      { start: ip("203.0.113.0"), end: ip("203.0.114.0") },
    ]);
  });

  it("ends the last interval after the last address (2^32)", () => {
    expect(mergedIntervals(cidrs("128.0.0.0/1", "0.0.0.0/1"))).toEqual([{ start: 0, end: 2 ** 32 }]);
  });

  it("is empty for no networks", () => {
    expect(mergedIntervals([])).toEqual([]);
  });
});

describe("unionSize", () => {
  it.each([
    ["two halves of the internet", ["0.0.0.0/1", "128.0.0.0/1"], 2 ** 32],
    ["the internet and a part of it", ["0.0.0.0/0", "10.0.0.0/8"], 2 ** 32],
    ["one /8", ["10.0.0.0/8"], 16_777_216],
    ["a /8 and a /9 inside it", ["10.0.0.0/8", "10.0.0.0/9"], 16_777_216],
    ["a /8 and one address outside it", ["10.0.0.0/8", "11.0.0.0/32"], 16_777_217],
    ["the same /24 twice", ["203.0.113.0/24", "203.0.113.0/24"], 256],
    ["a /24 and an address in it", ["203.0.113.0/24", "203.0.113.7"], 256],
    ["two disjoint /24s", ["203.0.113.0/24", "198.51.100.0/24"], 512],
    ["nothing", [], 0],
  ])("counts each address once: %s", (_what, texts, size) => {
    expect(unionSize(cidrs(...texts))).toBe(size);
  });
});
