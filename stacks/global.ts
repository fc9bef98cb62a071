/**
 * The global stack (public Azure): Log Analytics for every stamp's container insights, and
 * Traffic Manager in front of the stamps' ingress addresses, read from their stacks.
 */
import { Provider } from "@pulumi/azure-native/provider";
import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import { LogAnalytics } from "../components/logAnalytics";
import { StampTarget, TrafficManager } from "../components/trafficManager";
import type { EndpointConfig, GlobalConfig } from "../config/types";
import type { StampOutputs } from "./stamp";

/** The stamp output Traffic Manager targets (typed against the stamp outputs contract). */
const STAMP_ENDPOINT_OUTPUT: keyof StampOutputs = "ingressAddress";

export interface EndpointReport {
  readonly stamp: string;
  readonly stack: string;
  readonly target: string | null;
  readonly status: "Enabled" | "Disabled" | "Skipped";
}

/** The global stack's outputs (documented in the README beside the stamp outputs). */
export interface GlobalOutputs {
  /** The application's one URL: Traffic Manager's name. */
  readonly appUrl: string;
  readonly trafficManagerFqdn: string;
  /** The Traffic Manager profile's ARM id (subscription, resource group, name), for `npm run verify`. */
  readonly trafficManagerProfileId: pulumi.Output<string>;
  /** Log Analytics customer id, read by the stamps. */
  readonly workspaceId: pulumi.Output<string>;
  /** Log Analytics primary shared key (secret), read by the stamps. */
  readonly workspaceKey: pulumi.Output<string>;
  readonly endpoints: readonly EndpointReport[];
}

/**
 * Reads each stamp's `ingressAddress`. A stamp that has none yet is skipped with a warning, so
 * the first bootstrap (global, then the stamps, then global again) does not fail. Its stack must
 * exist, though: Pulumi fails a reference to a stack that was never created.
 */
async function stampTargets(endpoints: readonly EndpointConfig[]): Promise<{ targets: StampTarget[]; reports: EndpointReport[] }> {
  const targets: StampTarget[] = [];
  const reports: EndpointReport[] = [];
  for (const endpoint of endpoints) {
    const stamp = new pulumi.StackReference(`stamp-${endpoint.name}`, { name: endpoint.stack });
    const target = (await stamp.getOutputDetails(STAMP_ENDPOINT_OUTPUT)).value;
    if (typeof target !== "string" || target === "") {
      pulumi.log.warn(
        `stamp ${endpoint.name}: stack ${endpoint.stack} has no ingressAddress yet, so its Traffic Manager endpoint is skipped. ` +
          `Run pulumi up on ${endpoint.stack}, then on this stack again (bootstrap order: global, stamps, global).`,
      );
      reports.push({ stamp: endpoint.name, stack: endpoint.stack, target: null, status: "Skipped" });
      continue;
    }
    targets.push({ endpoint, target });
    reports.push({ stamp: endpoint.name, stack: endpoint.stack, target, status: endpoint.enabled ? "Enabled" : "Disabled" });
  }
  return { targets, reports };
}

export async function globalStack(config: GlobalConfig): Promise<GlobalOutputs> {
  const provider = new Provider("public-azure", { subscriptionId: config.azure.subscriptionId, location: config.azure.location });
  const group = new resources.ResourceGroup("global", { resourceGroupName: config.azure.resourceGroup, location: config.azure.location }, { provider });
  const logs = new LogAnalytics("logs", {
    resourceGroupName: group.name,
    location: config.azure.location,
    workspaceName: config.workspace.name,
    sku: config.workspace.sku,
    capacityReservationGB: config.workspace.capacityReservationGB,
    retentionDays: config.workspace.retentionDays,
    provider,
  });
  const { targets, reports } = await stampTargets(config.trafficManager.endpoints);
  const traffic = new TrafficManager("traffic", { config: config.trafficManager, resourceGroupName: group.name, targets, provider });
  return {
    appUrl: `http://${traffic.fqdn}/`,
    trafficManagerFqdn: traffic.fqdn,
    trafficManagerProfileId: traffic.profileId,
    workspaceId: logs.workspaceId,
    workspaceKey: logs.workspaceKey,
    endpoints: reports,
  };
}
