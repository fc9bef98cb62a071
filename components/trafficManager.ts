/**
 * The Traffic Manager profile in front of the stamps, with one standalone external endpoint per
 * stamp whose ingress address is known (never inline endpoints: the two styles fight).
 */
import * as trafficmanager from "@pulumi/azure-native/trafficmanager";
import * as pulumi from "@pulumi/pulumi";
import type { EndpointConfig, GlobalConfig } from "../config/types";
import { endpointSettings, monitorConfig } from "../global/trafficManager";

export interface StampTarget {
  readonly endpoint: EndpointConfig;
  /** The stamp's `ingressAddress`. */
  readonly target: string;
}

export interface TrafficManagerArgs {
  readonly config: GlobalConfig["trafficManager"];
  readonly resourceGroupName: pulumi.Input<string>;
  readonly targets: readonly StampTarget[];
  readonly provider: pulumi.ProviderResource;
}

export class TrafficManager extends pulumi.ComponentResource {
  readonly fqdn: string;
  /** The profile's ARM id: where `npm run verify` reads the endpoints' monitor status. */
  readonly profileId: pulumi.Output<string>;

  constructor(name: string, args: TrafficManagerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("azs-ha:global:TrafficManager", name, {}, opts);
    const { config } = args;
    const child = { parent: this, provider: args.provider };
    const profile = new trafficmanager.Profile(
      `${name}-profile`,
      {
        resourceGroupName: args.resourceGroupName,
        profileName: config.name,
        location: "global",
        profileStatus: "Enabled",
        trafficRoutingMethod: config.routingMethod,
        dnsConfig: { relativeName: config.dnsName, ttl: config.ttl },
        monitorConfig: monitorConfig(config.monitor),
      },
      child,
    );
    for (const { endpoint, target } of args.targets) {
      new trafficmanager.Endpoint(
        `${name}-${endpoint.name}`,
        { resourceGroupName: args.resourceGroupName, profileName: config.name, target, ...endpointSettings(endpoint) },
        { ...child, dependsOn: [profile] },
      );
    }
    this.fqdn = `${config.dnsName}.trafficmanager.net`;
    this.profileId = profile.id;
    this.registerOutputs({ fqdn: this.fqdn, profileId: this.profileId });
  }
}
