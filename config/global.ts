/**
 * Parsing of the global stack's settings: public Azure, the Log Analytics workspace, and the
 * Traffic Manager profile with its health monitor and one endpoint per stamp. Pure.
 */
import { GUID, GUID_RULE, REGION, RESOURCE_GROUP, RESOURCE_GROUP_RULE, STACK_NAME } from "./patterns";
import type { ConfigReader } from "./reader";
import type { EndpointConfig, GlobalConfig, HealthMonitor, RoutingMethod } from "./types";

const WORKSPACE_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$/;
const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,61}[A-Za-z0-9]$/;
const DNS_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const ENDPOINT_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/;
const GEO_CODE = /^[A-Z0-9]+(-[A-Z0-9]+)*$/;
const STATUS_RANGE = /^([1-9][0-9]{2})-([1-9][0-9]{2})$/;

export const ROUTING_METHODS: readonly RoutingMethod[] = ["Weighted", "Priority", "Performance", "Geographic"];
export const WORKSPACE_SKUS = ["PerGB2018", "CapacityReservation"] as const;
export const CAPACITY_RESERVATION_LEVELS: readonly number[] = [100, 200, 300, 400, 500, 1000, 2000, 5000];
/** The field each routing method needs on every endpoint. */
const ROUTING_FIELD: Record<RoutingMethod, "weight" | "priority" | "endpointLocation" | "geoMapping"> = {
  Weighted: "weight",
  Priority: "priority",
  Performance: "endpointLocation",
  Geographic: "geoMapping",
};
const ENDPOINT_FIELDS = ["stack", "name", "enabled", "weight", "priority", "endpointLocation", "geoMapping"];

export function readGlobal<S>(r: ConfigReader<S>, stack: string): GlobalConfig | undefined {
  const subscriptionId = r.matching("azureSubscriptionId", GUID, GUID_RULE, { required: true });
  const location = r.matching("azureLocation", REGION, "must be an Azure region name such as westeurope", { required: true });
  const resourceGroup = r.matching("globalResourceGroup", RESOURCE_GROUP, RESOURCE_GROUP_RULE);
  const workspaceName = r.matching("workspaceName", WORKSPACE_NAME, "use 4-63 letters, digits and hyphens, not starting or ending with a hyphen");
  const sku = r.oneOf("workspaceSku", WORKSPACE_SKUS);
  const capacityReservationGB = readCapacityReservation(r, sku);
  const retentionDays = r.integer("workspaceRetentionDays", { min: 30, max: 730 });
  const name = r.matching("trafficManagerName", PROFILE_NAME, "use 1-63 letters, digits and hyphens");
  const dnsName = r.matching("trafficManagerDnsName", DNS_NAME, "use 1-63 lower-case letters, digits and hyphens (it becomes <name>.trafficmanager.net)", { required: true });
  const ttl = r.integer("trafficManagerTtl", { min: 0, max: 2147483647 });
  const routingMethod = r.oneOf("trafficRoutingMethod", ROUTING_METHODS);
  const monitor = readMonitor(r);
  const endpoints = routingMethod ? readEndpoints(r, routingMethod) : undefined;
  if (
    !subscriptionId || !location || !resourceGroup || !workspaceName || !sku || retentionDays === undefined || !name || !dnsName ||
    ttl === undefined || !routingMethod || !monitor || !endpoints || (sku === "CapacityReservation" && capacityReservationGB === undefined)
  ) {
    return undefined;
  }
  return {
    role: "global",
    stack,
    azure: { subscriptionId: subscriptionId.toLowerCase(), location, resourceGroup },
    workspace: { name: workspaceName, sku, retentionDays, ...(capacityReservationGB !== undefined ? { capacityReservationGB } : {}) },
    trafficManager: { name, dnsName, ttl, routingMethod, monitor, endpoints },
  };
}

function readCapacityReservation<S>(r: ConfigReader<S>, sku: string | undefined): number | undefined {
  if (sku !== "CapacityReservation") {
    r.unused(["workspaceCapacityReservationGB"], "unless workspaceSku is CapacityReservation");
    return undefined;
  }
  const level = r.integer("workspaceCapacityReservationGB", { min: 100, max: 5000 }, { required: true });
  if (level !== undefined && !CAPACITY_RESERVATION_LEVELS.includes(level)) {
    r.problem("workspaceCapacityReservationGB", `${level} is not allowed; allowed values: ${CAPACITY_RESERVATION_LEVELS.join(", ")}`);
    return undefined;
  }
  return level;
}

function readMonitor<S>(r: ConfigReader<S>): HealthMonitor | undefined {
  const protocol = r.oneOf("monitorProtocol", ["HTTP", "HTTPS", "TCP"] as const);
  const port = r.integer("monitorPort", { min: 1, max: 65535 });
  const interval = r.integer("monitorIntervalSeconds", { min: 10, max: 30 });
  if (interval !== undefined && interval !== 10 && interval !== 30) r.problem("monitorIntervalSeconds", `${interval} is not allowed; allowed values: 10, 30`);
  const intervalSeconds = interval === 10 || interval === 30 ? interval : undefined;
  const maxTimeout = intervalSeconds === 10 ? 9 : 10;
  const timeoutSeconds = r.isSet("monitorTimeoutSeconds") ? r.integer("monitorTimeoutSeconds", { min: 5, max: maxTimeout }) : maxTimeout;
  const toleratedFailures = r.integer("monitorToleratedFailures", { min: 0, max: 9 });
  const hostHeader = r.string("monitorHostHeader");
  if (protocol === "TCP") {
    r.unused(["monitorPath", "monitorExpectedStatusCodeRanges", "monitorHostHeader"], "with TCP probes (HTTP and HTTPS only)");
    if (!port || !intervalSeconds || timeoutSeconds === undefined || toleratedFailures === undefined) return undefined;
    return { protocol, port, intervalSeconds, timeoutSeconds, toleratedFailures };
  }
  const path = r.string("monitorPath") ?? "/";
  if (!path.startsWith("/")) r.problem("monitorPath", `${JSON.stringify(path)} must start with /`);
  const ranges = readStatusRanges(r);
  if (!protocol || !port || !intervalSeconds || timeoutSeconds === undefined || toleratedFailures === undefined || !ranges || !path.startsWith("/")) return undefined;
  return { protocol, port, path, intervalSeconds, timeoutSeconds, toleratedFailures, expectedStatusCodeRanges: ranges, ...(hostHeader !== undefined ? { hostHeader } : {}) };
}

function readStatusRanges<S>(r: ConfigReader<S>): { min: number; max: number }[] | undefined {
  const texts = r.stringList("monitorExpectedStatusCodeRanges", '["200-299", "301-302"]') ?? (r.isSet("monitorExpectedStatusCodeRanges") ? undefined : ["200-299"]);
  if (!texts) return undefined;
  if (texts.length === 0 || texts.length > 8) {
    r.problem("monitorExpectedStatusCodeRanges", `has ${texts.length} ranges; allowed: 1 to 8`);
    return undefined;
  }
  const ranges: { min: number; max: number }[] = [];
  for (const text of texts) {
    const match = STATUS_RANGE.exec(text);
    if (!match || Number(match[1]) > Number(match[2])) r.problem("monitorExpectedStatusCodeRanges", `${JSON.stringify(text)} is not a range like 200-299 (status codes 100 to 999, min <= max)`);
    else ranges.push({ min: Number(match[1]), max: Number(match[2]) });
  }
  return ranges.length === texts.length ? ranges : undefined;
}

function readEndpoints<S>(r: ConfigReader<S>, method: RoutingMethod): EndpointConfig[] | undefined {
  const entries = r.objectList("trafficManagerEndpoints") ?? (r.isSet("trafficManagerEndpoints") ? undefined : []);
  if (!entries) return undefined;
  const before = r.problems.length;
  const at = (i: number, field: string) => `trafficManagerEndpoints[${i}].${field}`;
  const endpoints: EndpointConfig[] = [];
  entries.forEach((entry, i) => {
    for (const field of Object.keys(entry)) {
      if (!ENDPOINT_FIELDS.includes(field)) r.problem(at(i, field), `is not an endpoint field; allowed: ${ENDPOINT_FIELDS.join(", ")}`);
    }
    const stack = entry.stack;
    if (typeof stack !== "string" || !STACK_NAME.test(stack)) {
      r.problem(at(i, "stack"), `${JSON.stringify(stack)} must be a fully qualified stamp stack like myorg/azs-ha-kubernetes/stampA`);
      return;
    }
    const name = entry.name ?? stack.split("/")[2].toLowerCase();
    if (typeof name !== "string" || !ENDPOINT_NAME.test(name)) r.problem(at(i, "name"), `${JSON.stringify(name)} must be 1-63 letters, digits and hyphens`);
    const enabled = entry.enabled ?? true;
    if (typeof enabled !== "boolean") r.problem(at(i, "enabled"), `${JSON.stringify(enabled)} must be true or false`);
    const routing = readRoutingField(r, method, entry, (field) => at(i, field));
    endpoints.push({ name: String(name), stack, enabled: enabled === true, ...routing });
  });
  const unique = (field: "name" | "stack" | "priority", values: unknown[]) => {
    const seen = new Set<unknown>();
    values.forEach((value, i) => {
      if (value === undefined) return;
      if (seen.has(value)) r.problem(at(i, field), `${JSON.stringify(value)} is used by another endpoint; each must be unique`);
      seen.add(value);
    });
  };
  unique("name", endpoints.map((e) => e.name));
  unique("stack", endpoints.map((e) => e.stack));
  if (method === "Priority") unique("priority", endpoints.map((e) => e.priority));
  if (method === "Geographic") {
    const owner = new Map<string, string>();
    endpoints.forEach((e, i) =>
      (e.geoMapping ?? []).forEach((code) => {
        if (owner.has(code)) r.problem(at(i, "geoMapping"), `${code} is already mapped to ${owner.get(code)}; a region can go to one endpoint only`);
        else owner.set(code, e.name);
      }),
    );
  }
  return r.problems.length === before ? endpoints : undefined;
}

function readRoutingField<S>(r: ConfigReader<S>, method: RoutingMethod, entry: Record<string, unknown>, at: (field: string) => string): Partial<EndpointConfig> {
  const needed = ROUTING_FIELD[method];
  for (const field of Object.values(ROUTING_FIELD)) {
    if (field !== needed && entry[field] !== undefined) r.problem(at(field), `is not used with ${method} routing; remove it`);
  }
  const value = entry[needed];
  const isInt = (v: unknown, min: number, max: number) => typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;
  switch (needed) {
    case "weight":
      if (value === undefined) return { weight: 1 };
      if (!isInt(value, 1, 1000)) r.problem(at("weight"), `${JSON.stringify(value)} must be an integer from 1 to 1000`);
      return { weight: value as number };
    case "priority":
      if (!isInt(value, 1, 1000)) r.problem(at("priority"), value === undefined ? "required with Priority routing (an integer from 1 to 1000, unique)" : `${JSON.stringify(value)} must be an integer from 1 to 1000`);
      return { priority: value as number };
    case "endpointLocation":
      if (typeof value !== "string" || !REGION.test(value)) {
        r.problem(at("endpointLocation"), value === undefined ? "required with Performance routing (the Azure region closest to the hub, e.g. westeurope)" : `${JSON.stringify(value)} must be an Azure region name such as westeurope`);
      }
      return { endpointLocation: value as string };
    case "geoMapping":
      // Only a valid list goes into the model: the uniqueness check iterates it (a string crashed it).
      if (Array.isArray(value) && value.length > 0 && value.every((code) => typeof code === "string" && GEO_CODE.test(code))) return { geoMapping: value as string[] };
      if (value === undefined) r.problem(at("geoMapping"), "required with Geographic routing (a list of region codes such as GEO-EU, DE, WORLD)");
      else if (!Array.isArray(value)) r.problem(at("geoMapping"), `${JSON.stringify(value)} is not a list; it must be a list of region codes, e.g. ${JSON.stringify([typeof value === "string" && GEO_CODE.test(value) ? value : "GEO-EU"])}`);
      else r.problem(at("geoMapping"), `${JSON.stringify(value)} must be a non-empty list of region codes such as GEO-EU, DE, WORLD`);
      return {};
  }
}
