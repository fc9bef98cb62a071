/**
 * The Traffic Manager half of the global stack's checks, pure: where the profile is (from its ARM
 * id), and what its endpoints' status says. Field meanings from the Traffic Manager REST API
 * 2022-04-01 (Azure/azure-rest-api-specs, specification/trafficmanager/resource-manager/
 * Microsoft.Network/stable/2022-04-01/trafficmanager.json: EndpointProperties.endpointStatus,
 * endpointMonitorStatus; ProfileProperties.profileStatus, MonitorConfig.profileMonitorStatus).
 *
 * A stamp drained on purpose (`enabled: false` in the global config, so the global stack's
 * `endpoints` output reports it `Disabled`) whose endpoint is Disabled in Azure PASSes, detail
 * "drained on purpose (enabled: false)": deploying during maintenance must not fail. An endpoint
 * Disabled in Azure that the stack's output does not report Disabled still fails. CheckingEndpoint
 * (the probes just started) is a transient failure: `--wait` reads the profile again.
 */
import type { Profile } from "@azure/arm-trafficmanager";
import type { EndpointReport } from "../../stacks/global";
import { CheckResult, fail, pass, pending } from "./report";

export interface ProfileLocation {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly name: string;
}

// ARM compares resource ids case-insensitively; the provider and the portal spell the type differently.
const PROFILE_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/trafficManagerProfiles\/([^/]+)$/i;

export function parseProfileId(id: string): ProfileLocation | undefined {
  const match = PROFILE_ID.exec(id);
  return match ? { subscriptionId: match[1], resourceGroup: match[2], name: match[3] } : undefined;
}

export const profileCheck = (name: string) => `Traffic Manager profile ${name}`;
const endpointCheck = (name: string) => `endpoint ${name}`;

/** What to do about an endpoint's monitor status other than Online. */
const MONITOR_HINTS: Record<string, string> = {
  CheckingEndpoint: "the probe has not finished its first checks: run verify again in a minute or two, or with --wait",
  Degraded: "the health probe fails: check the stamp's app (npm run verify -- --stack <stamp>) and the probe settings (monitorPath, monitorPort)",
  Inactive: "the endpoint is enabled but its profile is not probing it",
  Stopped: "the endpoint's target is stopped",
  Unmonitored: "the endpoint is not probed",
  Disabled: "the endpoint is disabled",
};

export const DRAINED = "drained on purpose (enabled: false)";

function endpointResult(endpoint: NonNullable<Profile["endpoints"]>[number], drained: ReadonlySet<string>): CheckResult {
  const check = endpointCheck(endpoint.name ?? "");
  const target = `target ${endpoint.target ?? "none"}`;
  if (endpoint.endpointStatus === "Disabled" && drained.has((endpoint.name ?? "").toLowerCase())) return pass(check, `${DRAINED} (${target})`);
  if (endpoint.endpointStatus !== "Enabled") {
    return fail(check, `${endpoint.endpointStatus ?? "no status"} (${target}): it gets no traffic, and the global stack does not report it drained (enabled: false): disabled outside Pulumi, or run pulumi up on the global stack`);
  }
  const monitor = endpoint.endpointMonitorStatus ?? "unknown";
  if (monitor === "CheckingEndpoint") return pending(check, `Enabled, monitor ${monitor} (${target}): ${MONITOR_HINTS[monitor]}`);
  if (monitor !== "Online") return fail(check, `Enabled, monitor ${monitor} (${target}): ${MONITOR_HINTS[monitor] ?? "not serving"}`);
  return pass(check, `Enabled, Online (${target})`);
}

/**
 * The profile is Enabled and has endpoints; each endpoint is Enabled and Online; and every stamp
 * the global stack lists has an endpoint (`Skipped` ones had no ingress address at its last up).
 * Endpoints the stack reports `Disabled` may be Disabled (drained on purpose).
 */
export function trafficManagerResults(profile: Profile, reports: readonly EndpointReport[]): CheckResult[] {
  const endpoints = profile.endpoints ?? [];
  const check = profileCheck(profile.name ?? "");
  // ARM compares names case-insensitively; the endpoint is named after the stamp (global/trafficManager.ts endpointSettings).
  const drained = new Set(reports.filter((r) => r.status === "Disabled").map((r) => r.stamp.toLowerCase()));
  const summary = `${profile.profileStatus}, monitor ${profile.monitorConfig?.profileMonitorStatus ?? "unknown"}, ${endpoints.length} endpoint${endpoints.length === 1 ? "" : "s"}`;
  const results = [
    profile.profileStatus !== "Enabled"
      ? fail(check, `${summary}: a disabled profile answers no DNS query`)
      : endpoints.length === 0
        ? fail(check, `${summary}: run pulumi up on the stamps, then on the global stack`)
        : pass(check, summary),
    ...endpoints.map((endpoint) => endpointResult(endpoint, drained)),
  ];
  for (const report of reports.filter((r) => r.status === "Skipped")) {
    results.push(fail(endpointCheck(report.stamp), `no endpoint: stack ${report.stack} had no ingressAddress at the global stack's last pulumi up (run it on the stamp, then on global)`));
  }
  return results;
}
