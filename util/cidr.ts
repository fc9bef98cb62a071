/** IPv4 CIDR arithmetic for config validation. */
export interface Cidr {
  readonly network: number;
  readonly prefix: number;
}

function parseIpv4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

/** Parses `a.b.c.d/n` with no host bits set; a bare address is accepted as /32 when `allowBareAddress`. */
export function parseCidr(text: string, allowBareAddress = false): Cidr | undefined {
  const match = /^([0-9.]+)(?:\/([0-9]{1,2}))?$/.exec(text);
  if (!match || (match[2] === undefined && !allowBareAddress)) return undefined;
  const address = parseIpv4(match[1]);
  const prefix = match[2] === undefined ? 32 : Number(match[2]);
  if (address === undefined || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  if (address % size !== 0) return undefined;
  return { network: address, prefix };
}

export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  if (inner.prefix < outer.prefix) return false;
  const size = 2 ** (32 - outer.prefix);
  return inner.network >= outer.network && inner.network < outer.network + size;
}

/** Addresses in an IPv4 network: 2^(32 - prefix). */
export function cidrSize(cidr: Cidr): number {
  return 2 ** (32 - cidr.prefix);
}

/** A half-open interval of IPv4 addresses as numbers: `start` <= address < `end`. */
export interface AddressInterval {
  readonly start: number;
  readonly end: number;
}

/** The networks as sorted, disjoint intervals: overlapping and adjacent networks are merged. */
export function mergedIntervals(cidrs: readonly Cidr[]): AddressInterval[] {
  const sorted = cidrs.map((c) => ({ start: c.network, end: c.network + cidrSize(c) })).sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push({ ...interval });
  }
  return merged;
}

/** How many distinct addresses the networks cover together (each address counted once). */
export function unionSize(cidrs: readonly Cidr[]): number {
  return mergedIntervals(cidrs).reduce((total, interval) => total + interval.end - interval.start, 0);
}
