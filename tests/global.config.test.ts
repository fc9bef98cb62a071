import { checkStackConfig, parseStackConfig } from "../config/parse";
import type { GlobalConfig } from "../config/types";
import { GLOBAL, rawConfig } from "./support/configs";

const stamps = (...entries: object[]) => JSON.stringify(entries);
const A = "organization/azs-ha-kubernetes/stampA";
const B = "organization/azs-ha-kubernetes/stampB";

function problemsOf(values: Record<string, string | undefined>): string[] {
  return checkStackConfig(rawConfig(GLOBAL, values, {}, "global")).problems.map((p) => `${p.key}: ${p.message}`);
}

function trafficManager(values: Record<string, string | undefined>): GlobalConfig["trafficManager"] {
  return (parseStackConfig(rawConfig(GLOBAL, values, {}, "global")).config as GlobalConfig).trafficManager;
}

describe("a valid global configuration", () => {
  it.each([
    ["Priority", stamps({ stack: A, priority: 1 }, { stack: B, priority: 2, enabled: false }), [{ priority: 1, enabled: true }, { priority: 2, enabled: false }]],
    ["Performance", stamps({ stack: A, endpointLocation: "westus2" }, { stack: B, endpointLocation: "germanywestcentral" }), [{ endpointLocation: "westus2" }, { endpointLocation: "germanywestcentral" }]],
    ["Geographic", stamps({ stack: A, geoMapping: ["GEO-NA"] }, { stack: B, geoMapping: ["GEO-EU", "WORLD"] }), [{ geoMapping: ["GEO-NA"] }, { geoMapping: ["GEO-EU", "WORLD"] }]],
    ["Weighted", stamps({ stack: A }, { stack: B, weight: 3, name: "frankfurt" }), [{ weight: 1, name: "stampa" }, { weight: 3, name: "frankfurt" }]],
  ])("routes by %s with the fields that method needs", (method, endpoints, expected) => {
    expect(trafficManager({ trafficRoutingMethod: method, trafficManagerEndpoints: endpoints }).endpoints).toMatchObject(expected);
  });

  it("probes TCP without path, status codes or host header, and fast probing has a 9 s timeout", () => {
    expect(trafficManager({ monitorProtocol: "TCP", monitorPort: "443", monitorIntervalSeconds: "10" }).monitor).toEqual({
      protocol: "TCP", port: 443, intervalSeconds: 10, timeoutSeconds: 9, toleratedFailures: 3,
    });
  });

  it("probes HTTPS with custom status ranges and Host header", () => {
    expect(trafficManager({ monitorProtocol: "HTTPS", monitorPort: "443", monitorPath: "/healthz", monitorExpectedStatusCodeRanges: '["200-299","301-302"]', monitorHostHeader: "ratings.contoso.com" }).monitor).toEqual({
      protocol: "HTTPS", port: 443, path: "/healthz", intervalSeconds: 30, timeoutSeconds: 10, toleratedFailures: 3,
      expectedStatusCodeRanges: [{ min: 200, max: 299 }, { min: 301, max: 302 }], hostHeader: "ratings.contoso.com",
    });
  });

  it("reserves capacity with the CapacityReservation tier", () => {
    const config = parseStackConfig(rawConfig(GLOBAL, { workspaceSku: "CapacityReservation", workspaceCapacityReservationGB: "200" }, {}, "global")).config as GlobalConfig;
    expect(config.workspace).toEqual({ name: "azs-ha-logs", sku: "CapacityReservation", capacityReservationGB: 200, retentionDays: 30 });
  });

  it("accepts no endpoints yet (the first bootstrap run)", () => {
    expect(trafficManager({ trafficManagerEndpoints: undefined }).endpoints).toEqual([]);
  });
});

const INVALID: [string, Record<string, string | undefined>, string[]][] = [
  ["no subscription", { azureSubscriptionId: undefined }, ["azureSubscriptionId: required; set it with: pulumi config set azureSubscriptionId <value>"]],
  ["a region with spaces", { azureLocation: "West Europe" }, ['azureLocation: "West Europe" is invalid; must be an Azure region name such as westeurope']],
  ["an unknown workspace tier", { workspaceSku: "Free" }, ['workspaceSku: "Free" is not allowed; allowed values: PerGB2018, CapacityReservation']],
  ["a capacity reservation without its level", { workspaceSku: "CapacityReservation" }, [
    "workspaceCapacityReservationGB: required; set it with: pulumi config set workspaceCapacityReservationGB <value>",
  ]],
  ["a capacity reservation of 150 GB", { workspaceSku: "CapacityReservation", workspaceCapacityReservationGB: "150" }, [
    "workspaceCapacityReservationGB: 150 is not allowed; allowed values: 100, 200, 300, 400, 500, 1000, 2000, 5000",
  ]],
  ["a reservation level with pay-as-you-go", { workspaceCapacityReservationGB: "100" }, ["workspaceCapacityReservationGB: is not used unless workspaceSku is CapacityReservation; remove it"]],
  ["retention under 30 days", { workspaceRetentionDays: "7" }, ["workspaceRetentionDays: 7 is out of range; allowed: 30 to 730"]],
  ["no DNS name", { trafficManagerDnsName: undefined }, ["trafficManagerDnsName: required; set it with: pulumi config set trafficManagerDnsName <value>"]],
  ["a DNS name with a dot", { trafficManagerDnsName: "ratings.contoso" }, ['trafficManagerDnsName: "ratings.contoso" is invalid; use 1-63 lower-case letters, digits and hyphens (it becomes <name>.trafficmanager.net)']],
  ["an unknown routing method", { trafficRoutingMethod: "RoundRobin" }, ['trafficRoutingMethod: "RoundRobin" is not allowed; allowed values: Weighted, Priority, Performance, Geographic']],
  ["a weight over 1000", { trafficManagerEndpoints: stamps({ stack: A, weight: 1001 }) }, ["trafficManagerEndpoints[0].weight: 1001 must be an integer from 1 to 1000"]],
  ["a priority with Weighted routing", { trafficManagerEndpoints: stamps({ stack: A, priority: 1 }) }, ["trafficManagerEndpoints[0].priority: is not used with Weighted routing; remove it"]],
  ["Priority routing without priorities", { trafficRoutingMethod: "Priority", trafficManagerEndpoints: stamps({ stack: A }, { stack: B, priority: 0 }) }, [
    "trafficManagerEndpoints[0].priority: required with Priority routing (an integer from 1 to 1000, unique)",
    "trafficManagerEndpoints[1].priority: 0 must be an integer from 1 to 1000",
  ]],
  ["Priority routing with a shared priority", { trafficRoutingMethod: "Priority", trafficManagerEndpoints: stamps({ stack: A, priority: 1 }, { stack: B, priority: 1 }) }, [
    "trafficManagerEndpoints[1].priority: 1 is used by another endpoint; each must be unique",
  ]],
  ["Performance routing without a location", { trafficRoutingMethod: "Performance", trafficManagerEndpoints: stamps({ stack: A }, { stack: B, endpointLocation: "West US" }) }, [
    "trafficManagerEndpoints[0].endpointLocation: required with Performance routing (the Azure region closest to the hub, e.g. westeurope)",
    'trafficManagerEndpoints[1].endpointLocation: "West US" must be an Azure region name such as westeurope',
  ]],
  ["Geographic routing without mappings", { trafficRoutingMethod: "Geographic", trafficManagerEndpoints: stamps({ stack: A }, { stack: B, geoMapping: [] }) }, [
    "trafficManagerEndpoints[0].geoMapping: required with Geographic routing (a list of region codes such as GEO-EU, DE, WORLD)",
    "trafficManagerEndpoints[1].geoMapping: [] must be a non-empty list of region codes such as GEO-EU, DE, WORLD",
  ]],
  ["Geographic routing mapping a region twice", { trafficRoutingMethod: "Geographic", trafficManagerEndpoints: stamps({ stack: A, geoMapping: ["GEO-EU"] }, { stack: B, geoMapping: ["GEO-EU"] }) }, [
    "trafficManagerEndpoints[1].geoMapping: GEO-EU is already mapped to stampa; a region can go to one endpoint only",
  ]],
  ["a stamp stack that is not fully qualified", { trafficManagerEndpoints: stamps({ stack: "stampA" }) }, [
    'trafficManagerEndpoints[0].stack: "stampA" must be a fully qualified stamp stack like myorg/azs-ha-kubernetes/stampA',
  ]],
  ["the same stamp twice", { trafficManagerEndpoints: stamps({ stack: A }, { stack: A, name: "again" }) }, [
    `trafficManagerEndpoints[1].stack: "${A}" is used by another endpoint; each must be unique`,
  ]],
  ["a misspelled endpoint field and a non-boolean flag", { trafficManagerEndpoints: stamps({ stack: A, wieght: 5, enabled: "no" }) }, [
    "trafficManagerEndpoints[0].wieght: is not an endpoint field; allowed: stack, name, enabled, weight, priority, endpointLocation, geoMapping",
    'trafficManagerEndpoints[0].enabled: "no" must be true or false',
  ]],
  ["endpoints that are not a list of objects", { trafficManagerEndpoints: '["stampA"]' }, ["trafficManagerEndpoints: must be a list of objects (see the README's example)"]],
  ["a probe interval of 20 s", { monitorIntervalSeconds: "20" }, ["monitorIntervalSeconds: 20 is not allowed; allowed values: 10, 30"]],
  ["a timeout over the fast-probing limit", { monitorIntervalSeconds: "10", monitorTimeoutSeconds: "10" }, ["monitorTimeoutSeconds: 10 is out of range; allowed: 5 to 9"]],
  ["a timeout under 5 s", { monitorTimeoutSeconds: "4" }, ["monitorTimeoutSeconds: 4 is out of range; allowed: 5 to 10"]],
  ["ten tolerated failures", { monitorToleratedFailures: "10" }, ["monitorToleratedFailures: 10 is out of range; allowed: 0 to 9"]],
  ["a TCP probe with HTTP-only settings", { monitorProtocol: "TCP", monitorPath: "/", monitorHostHeader: "x" }, [
    "monitorPath: is not used with TCP probes (HTTP and HTTPS only); remove it",
    "monitorHostHeader: is not used with TCP probes (HTTP and HTTPS only); remove it",
  ]],
  ["a path without a leading slash", { monitorPath: "healthz" }, ['monitorPath: "healthz" must start with /']],
  ["an upside-down status range", { monitorExpectedStatusCodeRanges: '["299-200"]' }, ['monitorExpectedStatusCodeRanges: "299-200" is not a range like 200-299 (status codes 100 to 999, min <= max)']],
  ["an unknown probe protocol", { monitorProtocol: "ICMP" }, ['monitorProtocol: "ICMP" is not allowed; allowed values: HTTP, HTTPS, TCP']],
  ["a port out of range", { monitorPort: "70000" }, ["monitorPort: 70000 is out of range; allowed: 1 to 65535"]],
];

describe("an invalid global configuration", () => {
  it.each(INVALID)("is reported precisely: %s", (_what, values, expected) => {
    expect(problemsOf(values)).toEqual(expected);
  });
});
