/**
 * Day-2 operations on a deployed aks-engine-azurestack cluster, each a remote step that runs
 * only when its own setting changes (its command text carries the target; DESIGN.md section 6):
 * Kubernetes upgrade, then node OS image refresh, then scale, in that order because each
 * rewrites the generated apimodel (the scripts also share one lock on the helper). A step whose
 * cluster already matches does nothing, so a first deploy or a rebuilt helper runs them as no-ops.
 */
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { HelperScript, scriptCommand } from "../remote/scripts";
import type { SshConnection } from "./helperVm";

export interface ClusterOperationsArgs {
  readonly connection: SshConnection;
  readonly workDir: string;
  readonly helperGeneration: number;
  /** The flags every aks-engine step on the helper shares: identity, sign-in, polling. */
  readonly commonFlags: Record<string, string | number | undefined>;
  /** aks-engine's own credential (client secret or certificate key), sent on stdin. */
  readonly credential: pulumi.Output<string>;
  readonly kubernetesVersion: string;
  /** Changing it refreshes the nodes' OS image; "" when never set. */
  readonly nodeImageRefresh: string;
  readonly nodePool: string;
  readonly nodeCount: number;
  /** The API server's host name, which scale needs to drain nodes when scaling down. */
  readonly apiServer: string;
  /** The deploy step: operations only ever run on a deployed cluster. */
  readonly after: pulumi.Resource;
}

export class ClusterOperations extends pulumi.ComponentResource {
  /** The last operation: what reads the cluster's files afterwards waits for it. */
  readonly last: pulumi.Resource;

  constructor(name: string, args: ClusterOperationsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("azs-ha:stamp:ClusterOperations", name, {}, opts);
    const step = (suffix: string, script: HelperScript, flags: Record<string, string | number>, after: pulumi.Resource) =>
      new command.remote.Command(
        `${name}-${suffix}`,
        {
          connection: args.connection,
          create: scriptCommand(args.workDir, script, { work: args.workDir, ...args.commonFlags, ...flags }, args.helperGeneration),
          stdin: pulumi.secret(args.credential),
        },
        { parent: this, dependsOn: [after] },
      );

    const upgrade = step("kubernetes-upgrade", "upgrade-cluster.sh", { "kubernetes-version": args.kubernetesVersion }, args.after);
    const refresh = step("node-image-refresh", "refresh-node-images.sh", { token: args.nodeImageRefresh || "none" }, upgrade);
    this.last = step("scale", "scale-cluster.sh", { "node-pool": args.nodePool, "node-count": args.nodeCount, apiserver: args.apiServer }, refresh);
    this.registerOutputs({});
  }
}
