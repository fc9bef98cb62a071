/**
 * Traffic Manager request shapes from typed config: the health monitor and one external
 * endpoint per stamp. Pure, so the routing rules can be tested without the runtime.
 */
import type { EndpointConfig, HealthMonitor } from "../config/types";

export function monitorConfig(monitor: HealthMonitor) {
  return {
    protocol: monitor.protocol,
    port: monitor.port,
    intervalInSeconds: monitor.intervalSeconds,
    timeoutInSeconds: monitor.timeoutSeconds,
    toleratedNumberOfFailures: monitor.toleratedFailures,
    ...(monitor.path !== undefined ? { path: monitor.path } : {}),
    ...(monitor.expectedStatusCodeRanges ? { expectedStatusCodeRanges: monitor.expectedStatusCodeRanges.map((r) => ({ min: r.min, max: r.max })) } : {}),
    ...(monitor.hostHeader !== undefined ? { customHeaders: [{ name: "Host", value: monitor.hostHeader }] } : {}),
  };
}

/** The routing fields and status of a stamp's endpoint; its target is the stamp's ingress address. */
export function endpointSettings(endpoint: EndpointConfig) {
  return {
    endpointType: "ExternalEndpoints",
    endpointName: endpoint.name,
    // Disabled, not deleted: draining a stamp for maintenance keeps its endpoint and settings.
    endpointStatus: endpoint.enabled ? "Enabled" : "Disabled",
    ...(endpoint.weight !== undefined ? { weight: endpoint.weight } : {}),
    ...(endpoint.priority !== undefined ? { priority: endpoint.priority } : {}),
    ...(endpoint.endpointLocation !== undefined ? { endpointLocation: endpoint.endpointLocation } : {}),
    ...(endpoint.geoMapping !== undefined ? { geoMapping: [...endpoint.geoMapping] } : {}),
  };
}
