/**
 * Every validation rule of config/ at its boundary, on both sides: the last value accepted and
 * the first refused, with the exact message (issue 12, item 3: a rule deleted or shifted by one
 * went unnoticed). Numeric ranges, lengths of patterns, reserved values, list sizes and the rules
 * between two keys. config.validation.test.ts and config.hardening.test.ts hold the other
 * refusals (wrong forms, missing keys, harmful inputs); this file is about where each line is.
 */
import { checkStackConfig } from "../config/parse";
import { CONFIG_KEYS, type KeySpec } from "../config/schema";
import { CREATE_MODE, EXISTING_MODE, GLOBAL, rawConfig, SECRETS } from "./support/configs";

type Values = Record<string, string | undefined>;

interface Boundary {
  /** The key whose rule this is (the message's key unless `problemKey` says otherwise). */
  readonly key: string;
  /** Which boundary: the lower or upper end of a range or length, or another rule's line. */
  readonly bound: "min" | "max" | "rule";
  readonly base: Record<string, string>;
  /** The value just inside (accepted) and just outside (refused). */
  readonly inside: string;
  readonly outside: string;
  /** Other values the rule needs (e.g. the interval a timeout's range depends on). */
  readonly with?: Values;
  readonly message: string;
  readonly problemKey?: string;
}

const STAMP_SECRETS = SECRETS;
const EXISTING_SECRETS = { ...SECRETS, helperPrivateKey: "planted-private-key" };
const secretsOf = (base: Record<string, string>) => (base === GLOBAL ? {} : base === EXISTING_MODE ? EXISTING_SECRETS : STAMP_SECRETS);
const stackOf = (base: Record<string, string>) => (base === GLOBAL ? "global" : "stampA");

function problemsOf(base: Record<string, string>, values: Values): string[] {
  return checkStackConfig(rawConfig(base, values, secretsOf(base), stackOf(base))).problems.map((p) => `${p.key}: ${p.message}`);
}

const range = (key: string, base: Record<string, string>, min: number, max: number, extra: Partial<Boundary> = {}): Boundary[] => [
  { key, bound: "min", base, inside: String(min), outside: String(min - 1), message: `${min - 1} is out of range; allowed: ${min} to ${max}`, ...extra },
  { key, bound: "max", base, inside: String(max), outside: String(max + 1), message: `${max + 1} is out of range; allowed: ${min} to ${max}`, ...extra },
];
const x = (n: number, c = "a") => c.repeat(n);
const invalid = (value: string, what: string) => `${JSON.stringify(value)} is invalid; ${what}`;

const USER = "must match ^[a-z_][a-z0-9_-]{0,31}$";
const NAMESPACE = "must be a Kubernetes namespace name (lower-case letters, digits, hyphens)";
const RG = "use 1-90 letters, digits, _-.() not ending in a period";
const CIDR = (text: string) => `${JSON.stringify(text)} is not a valid IPv4 network in CIDR form (a.b.c.d/n, n <= 29, no host bits)`;
const ranges = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => `${200 + i}-${200 + i}`));
const endpoint = (field: Record<string, unknown>) => JSON.stringify([{ stack: "organization/azs-ha-kubernetes/stampA", ...field }]);

const BOUNDARIES: Boundary[] = [
  // stamp: integers
  ...range("sshDialErrorLimit", CREATE_MODE, 1, 1000),
  ...range("sshPerDialTimeoutSeconds", CREATE_MODE, 1, 600),
  ...range("helperGeneration", CREATE_MODE, 1, 1_000_000),
  { key: "masterCount", bound: "min", base: CREATE_MODE, inside: "1", outside: "0", message: "0 is out of range; allowed: 1 to 5" },
  { key: "masterCount", bound: "max", base: CREATE_MODE, inside: "5", outside: "6", message: "6 is out of range; allowed: 1 to 5" },
  { key: "masterCount", bound: "rule", base: CREATE_MODE, inside: "5", outside: "4", message: "4 is not allowed; allowed values: 1, 3, 5 (1 is not highly available)" },
  // (one MongoDB member per worker node: a single member fits on a single node)
  ...range("agentCount", CREATE_MODE, 1, 1000, { with: { appMongoReplicas: "1" } }),
  { key: "agentCount", bound: "rule", base: CREATE_MODE, inside: "3", outside: "2", with: { appMongoReplicas: "3" }, problemKey: "appMongoReplicas",
    message: "3 members need 3 worker nodes (one member per node), but agentCount is 2; raise agentCount or lower appMongoReplicas" },
  { key: "appMongoReplicas", bound: "min", base: CREATE_MODE, inside: "1", outside: "0", message: "0 is out of range; allowed: 1 to 7" },
  { key: "appMongoReplicas", bound: "max", base: CREATE_MODE, inside: "7", outside: "8", with: { agentCount: "7" }, message: "8 is out of range; allowed: 1 to 7" },
  { key: "appMongoReplicas", bound: "rule", base: CREATE_MODE, inside: "5", outside: "4", with: { agentCount: "5" },
    message: "4 is not allowed; allowed values: 1, 3, 5, 7 (an even number of members tolerates no more lost members than one fewer)" },
  ...range("etcdDiskSizeGB", CREATE_MODE, 1, 1023),
  ...range("deployPollSeconds", CREATE_MODE, 10, 60),
  ...range("deployMaxWaitMinutes", CREATE_MODE, 5, 600),
  ...range("ingressReplicas", CREATE_MODE, 2, 10),
  ...range("appHpaMinReplicas", CREATE_MODE, 1, 100, { with: { appHpaMaxReplicas: "100" } }),
  ...range("appHpaMaxReplicas", CREATE_MODE, 1, 100, { with: { appHpaMinReplicas: "1" } }),
  ...range("appHpaCpuPercent", CREATE_MODE, 10, 100),
  { key: "appHpaMaxReplicas", bound: "rule", base: CREATE_MODE, inside: "4", outside: "3", with: { appHpaMinReplicas: "4" }, message: "3 is below appHpaMinReplicas 4" },

  // stamp: lengths of names
  { key: "stampName", bound: "min", base: CREATE_MODE, inside: "ab", outside: "a", message: invalid("a", "use 2-20 lower-case letters, digits and hyphens, starting with a letter") },
  { key: "stampName", bound: "max", base: CREATE_MODE, inside: x(20), outside: x(21), message: invalid(x(21), "use 2-20 lower-case letters, digits and hyphens, starting with a letter") },
  { key: "helperDnsLabel", bound: "min", base: CREATE_MODE, inside: "abc", outside: "ab", message: invalid("ab", "use 3-63 lower-case letters, digits and hyphens, starting with a letter") },
  { key: "helperDnsLabel", bound: "max", base: CREATE_MODE, inside: x(63), outside: x(64), message: invalid(x(64), "use 3-63 lower-case letters, digits and hyphens, starting with a letter") },
  { key: "clusterDnsPrefix", bound: "min", base: CREATE_MODE, inside: "abc", outside: "ab", message: invalid("ab", "3-45 letters, digits and hyphens, starting with a letter and not ending with a hyphen") },
  { key: "clusterDnsPrefix", bound: "max", base: CREATE_MODE, inside: x(45), outside: x(46), message: invalid(x(46), "3-45 letters, digits and hyphens, starting with a letter and not ending with a hyphen") },
  { key: "clusterResourceGroup", bound: "max", base: CREATE_MODE, inside: x(90), outside: x(91), message: invalid(x(91), RG) },
  { key: "clusterResourceGroup", bound: "rule", base: CREATE_MODE, inside: "rg.a", outside: "rg.", message: invalid("rg.", RG) },
  { key: "hubResourceGroup", bound: "max", base: CREATE_MODE, inside: x(90), outside: x(91), message: invalid(x(91), RG) },
  { key: "agentPoolName", bound: "max", base: CREATE_MODE, inside: x(12), outside: x(13), message: invalid(x(13), "must match ^[a-z][a-z0-9]{0,11}$ (1-12 lower-case letters and digits)") },
  { key: "helperAdminUsername", bound: "max", base: CREATE_MODE, inside: x(32), outside: x(33), message: invalid(x(33), USER) },
  { key: "nodeAdminUsername", bound: "max", base: CREATE_MODE, inside: x(32), outside: x(33), message: invalid(x(33), USER) },
  { key: "helperUser", bound: "max", base: EXISTING_MODE, inside: x(32), outside: x(33), message: `${JSON.stringify(x(33))} is invalid; ${USER}` },
  { key: "helperHost", bound: "max", base: EXISTING_MODE, inside: x(253), outside: x(254), message: invalid(x(254), "must be a host name or IPv4 address") },
  { key: "nodeImageRefresh", bound: "max", base: CREATE_MODE, inside: x(64), outside: x(65),
    message: invalid(x(65), 'use 1-64 letters, digits and ._:- (e.g. 2026-12-02); not "none", which stands for never set') },
  { key: "aksEngineSha256", bound: "max", base: CREATE_MODE, inside: x(64), outside: x(65), message: invalid(x(65), "must be 64 lower-case hex digits") },
  { key: "aksEngineSha256", bound: "min", base: CREATE_MODE, inside: x(64), outside: x(63), message: invalid(x(63), "must be 64 lower-case hex digits") },
  { key: "appNamespace", bound: "max", base: CREATE_MODE, inside: x(63), outside: x(64), message: invalid(x(64), NAMESPACE) },
  { key: "appMongoStorageClass", bound: "max", base: CREATE_MODE, inside: x(253), outside: x(254), message: invalid(x(254), "must be a storage class name") },
  { key: "helperHostKey", bound: "max", base: EXISTING_MODE, inside: "ssh-ed25519 AAAA===", outside: "ssh-ed25519 AAAA====",
    message: invalid("ssh-ed25519 AAAA====", "must be an OpenSSH public key line like `ssh-ed25519 AAAA...` (no comment)") },

  // stamp: reserved values, each next to a name that only resembles it
  { key: "helperAdminUsername", bound: "rule", base: CREATE_MODE, inside: "admins", outside: "admin", message: '"admin" is reserved on Azure Stack Hub VMs; choose another name' },
  { key: "nodeAdminUsername", bound: "rule", base: CREATE_MODE, inside: "roots", outside: "root", message: '"root" is reserved on Azure Stack Hub VMs; choose another name' },
  { key: "appNamespace", bound: "rule", base: CREATE_MODE, inside: "defaults", outside: "default", message: '"default" is reserved; choose the application\'s own namespace' },
  { key: "appNamespace", bound: "rule", base: CREATE_MODE, inside: "kube", outside: "kube-public", message: '"kube-public" is reserved; choose the application\'s own namespace' },
  { key: "nodeImageRefresh", bound: "rule", base: CREATE_MODE, inside: "nones", outside: "none",
    message: invalid("none", 'use 1-64 letters, digits and ._:- (e.g. 2026-12-02); not "none", which stands for never set') },

  // stamp: networks (the helper's subnet and vnet: at most a /29)
  { key: "helperSubnetCidr", bound: "max", base: CREATE_MODE, inside: "10.100.0.0/29", outside: "10.100.0.0/30", message: CIDR("10.100.0.0/30") },
  { key: "helperVnetCidr", bound: "max", base: CREATE_MODE, inside: "10.100.0.0/29", outside: "10.100.0.0/30", with: { helperSubnetCidr: "10.100.0.0/29" }, message: CIDR("10.100.0.0/30") },
  { key: "helperSubnetCidr", bound: "rule", base: CREATE_MODE, inside: "10.100.255.0/24", outside: "10.101.0.0/24", message: "10.101.0.0/24 is not inside helperVnetCidr 10.100.0.0/16" },
  { key: "helperSubnetCidr", bound: "min", base: CREATE_MODE, inside: "10.100.0.0/16", outside: "10.100.0.0/15", message: "10.100.0.0/15 is not inside helperVnetCidr 10.100.0.0/16" },

  // global: integers
  ...range("workspaceRetentionDays", GLOBAL, 30, 730),
  ...range("trafficManagerTtl", GLOBAL, 0, 2147483647),
  ...range("monitorPort", GLOBAL, 1, 65535),
  ...range("monitorToleratedFailures", GLOBAL, 0, 9),
  ...range("monitorTimeoutSeconds", GLOBAL, 5, 10),
  { key: "monitorTimeoutSeconds", bound: "max", base: GLOBAL, inside: "9", outside: "10", with: { monitorIntervalSeconds: "10" }, message: "10 is out of range; allowed: 5 to 9" },
  { key: "monitorIntervalSeconds", bound: "min", base: GLOBAL, inside: "10", outside: "9", message: "9 is out of range; allowed: 10 to 30" },
  { key: "monitorIntervalSeconds", bound: "max", base: GLOBAL, inside: "30", outside: "31", message: "31 is out of range; allowed: 10 to 30" },
  { key: "monitorIntervalSeconds", bound: "rule", base: GLOBAL, inside: "10", outside: "11", message: "11 is not allowed; allowed values: 10, 30" },
  { key: "workspaceCapacityReservationGB", bound: "min", base: GLOBAL, inside: "100", outside: "99", with: { workspaceSku: "CapacityReservation" }, message: "99 is out of range; allowed: 100 to 5000" },
  { key: "workspaceCapacityReservationGB", bound: "max", base: GLOBAL, inside: "5000", outside: "5001", with: { workspaceSku: "CapacityReservation" }, message: "5001 is out of range; allowed: 100 to 5000" },
  { key: "workspaceCapacityReservationGB", bound: "rule", base: GLOBAL, inside: "2000", outside: "2001", with: { workspaceSku: "CapacityReservation" },
    message: "2001 is not allowed; allowed values: 100, 200, 300, 400, 500, 1000, 2000, 5000" },

  // global: lengths, list sizes, status codes
  { key: "workspaceName", bound: "min", base: GLOBAL, inside: x(4), outside: x(3), message: invalid(x(3), "use 4-63 letters, digits and hyphens, not starting or ending with a hyphen") },
  { key: "workspaceName", bound: "max", base: GLOBAL, inside: x(63), outside: x(64), message: invalid(x(64), "use 4-63 letters, digits and hyphens, not starting or ending with a hyphen") },
  { key: "trafficManagerName", bound: "max", base: GLOBAL, inside: x(63), outside: x(64), message: invalid(x(64), "use 1-63 letters, digits and hyphens") },
  { key: "trafficManagerDnsName", bound: "max", base: GLOBAL, inside: x(63), outside: x(64),
    message: invalid(x(64), "use 1-63 lower-case letters, digits and hyphens (it becomes <name>.trafficmanager.net)") },
  { key: "monitorExpectedStatusCodeRanges", bound: "max", base: GLOBAL, inside: ranges(8), outside: ranges(9), message: "has 9 ranges; allowed: 1 to 8" },
  { key: "monitorExpectedStatusCodeRanges", bound: "min", base: GLOBAL, inside: ranges(1), outside: ranges(0), message: "has 0 ranges; allowed: 1 to 8" },
  { key: "monitorExpectedStatusCodeRanges", bound: "rule", base: GLOBAL, inside: '["100-999"]', outside: '["099-999"]',
    message: '"099-999" is not a range like 200-299 (status codes 100 to 999, min <= max)' },
  { key: "monitorExpectedStatusCodeRanges", bound: "rule", base: GLOBAL, inside: '["300-300"]', outside: '["301-300"]',
    message: '"301-300" is not a range like 200-299 (status codes 100 to 999, min <= max)' },
  { key: "trafficManagerEndpoints", bound: "min", base: GLOBAL, inside: endpoint({ weight: 1 }), outside: endpoint({ weight: 0 }),
    problemKey: "trafficManagerEndpoints[0].weight", message: "0 must be an integer from 1 to 1000" },
  { key: "trafficManagerEndpoints", bound: "max", base: GLOBAL, inside: endpoint({ weight: 1000 }), outside: endpoint({ weight: 1001 }),
    problemKey: "trafficManagerEndpoints[0].weight", message: "1001 must be an integer from 1 to 1000" },
  { key: "trafficManagerEndpoints", bound: "min", base: GLOBAL, inside: endpoint({ priority: 1 }), outside: endpoint({ priority: 0 }), with: { trafficRoutingMethod: "Priority" },
    problemKey: "trafficManagerEndpoints[0].priority", message: "0 must be an integer from 1 to 1000" },
  { key: "trafficManagerEndpoints", bound: "max", base: GLOBAL, inside: endpoint({ priority: 1000 }), outside: endpoint({ priority: 1001 }), with: { trafficRoutingMethod: "Priority" },
    problemKey: "trafficManagerEndpoints[0].priority", message: "1001 must be an integer from 1 to 1000" },
  { key: "trafficManagerEndpoints", bound: "max", base: GLOBAL, inside: endpoint({ name: x(63) }), outside: endpoint({ name: x(64) }),
    problemKey: "trafficManagerEndpoints[0].name", message: `${JSON.stringify(x(64))} must be 1-63 letters, digits and hyphens` },
];

const label = (b: Boundary) => `${b.key} (${b.bound}${b.with ? `, with ${JSON.stringify(b.with)}` : ""}): ${b.inside.length > 24 ? `${b.inside.length} characters` : b.inside} accepted, ` +
  `${b.outside.length > 24 ? `${b.outside.length} characters` : b.outside} refused`;

describe("each validation rule at its boundary", () => {
  it.each(BOUNDARIES.map((b) => [label(b), b] as const))("%s", (_label, b) => {
    const inside = problemsOf(b.base, { ...b.with, [b.key]: b.inside });
    const outside = problemsOf(b.base, { ...b.with, [b.key]: b.outside });
    expect({ inside, outside }).toEqual({ inside: [], outside: [`${b.problemKey ?? b.key}: ${b.message}`] });
  });

  it("covers both ends of every integer key's range", () => {
    const integers = (Object.entries(CONFIG_KEYS) as [string, KeySpec][]).filter(([, spec]) => spec.type === "integer").map(([key]) => key);
    const missing = integers.flatMap((key) =>
      (["min", "max"] as const).filter((bound) => !BOUNDARIES.some((b) => b.key === key && b.bound === bound)).map((bound) => `${key} (${bound}): add its boundary to this table`),
    );
    expect(missing).toEqual([]);
  });
});
