/**
 * Traffic Manager request shapes from typed config: the health monitor and one external
 * endpoint per stamp. Pure, so the routing rules can be tested without the runtime. A field left
 * undefined is left out of the request: the SDK drops undefined inputs (@pulumi/pulumi,
 * runtime/rpc.js, serializeAllProperties).
 */
import type { EndpointConfig, HealthMonitor } from "../config/types";

export function monitorConfig(monitor: HealthMonitor) {
  return {
    protocol: monitor.protocol,
    port: monitor.port,
    intervalInSeconds: monitor.intervalSeconds,
    timeoutInSeconds: monitor.timeoutSeconds,
    toleratedNumberOfFailures: monitor.toleratedFailures,
    path: monitor.path,
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
    weight: endpoint.weight,
    priority: endpoint.priority,
    endpointLocation: endpoint.endpointLocation,
    ...(endpoint.geoMapping !== undefined ? { geoMapping: [...endpoint.geoMapping] } : {}),
  };
}
