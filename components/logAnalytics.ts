/**
 * The Log Analytics workspace every stamp's container insights reports to, with the
 * ContainerInsights solution. Lives in public Azure, so losing a hub does not lose its telemetry.
 */
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as operationsmanagement from "@pulumi/azure-native/operationsmanagement";
import * as pulumi from "@pulumi/pulumi";

export interface LogAnalyticsArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: string;
  readonly workspaceName: string;
  readonly sku: string;
  /** GB per day, with the CapacityReservation tier only. */
  readonly capacityReservationGB?: number;
  readonly retentionDays: number;
  readonly provider: pulumi.ProviderResource;
}

export class LogAnalytics extends pulumi.ComponentResource {
  /** The workspace's customer id: what the monitoring agent calls the workspace id. */
  readonly workspaceId: pulumi.Output<string>;
  /** Primary shared key (secret). */
  readonly workspaceKey: pulumi.Output<string>;

  constructor(name: string, args: LogAnalyticsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("azs-ha:global:LogAnalytics", name, {}, opts);
    const child = { parent: this, provider: args.provider };
    const workspace = new operationalinsights.Workspace(
      `${name}-workspace`,
      {
        resourceGroupName: args.resourceGroupName,
        workspaceName: args.workspaceName,
        location: args.location,
        sku: { name: args.sku, ...(args.capacityReservationGB !== undefined ? { capacityReservationLevel: args.capacityReservationGB } : {}) },
        retentionInDays: args.retentionDays,
      },
      child,
    );
    const solutionName = `ContainerInsights(${args.workspaceName})`;
    new operationsmanagement.Solution(
      `${name}-container-insights`,
      {
        resourceGroupName: args.resourceGroupName,
        solutionName,
        location: args.location,
        plan: { name: solutionName, publisher: "Microsoft", product: "OMSGallery/ContainerInsights", promotionCode: "" },
        properties: { workspaceResourceId: workspace.id },
      },
      child,
    );
    const keys = operationalinsights.getSharedKeysOutput({ resourceGroupName: args.resourceGroupName, workspaceName: args.workspaceName }, { parent: this, provider: args.provider, dependsOn: [workspace] });
    this.workspaceId = workspace.customerId;
    this.workspaceKey = pulumi.secret(
      keys.apply((k) => {
        // An empty key would let the stamps' agents deploy and then fail silently.
        if (!k.primarySharedKey) throw new Error(`Log Analytics returned no shared key for workspace ${args.workspaceName}`);
        return k.primarySharedKey;
      }),
    );
    this.registerOutputs({ workspaceId: this.workspaceId, workspaceKey: this.workspaceKey });
  }
}
