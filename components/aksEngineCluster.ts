/**
 * An aks-engine-azurestack cluster driven over SSH from the helper: upload scripts and the
 * apimodel, install the pinned release, restore the cluster's files from the stack's backup
 * when the helper lost them, deploy (detached, resumable), run the day-2 operations the config
 * asks for (ClusterOperations), then back up the generated apimodel into the stack as a secret;
 * the admin kubeconfig and the non-secret `clusterState` are derived from that backup.
 */
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { renderApimodelFile } from "../aksengine/apimodel";
import { backupText, ClusterState, clusterStateOf, parseEnvelope } from "../aksengine/clusterState";
import { adminKubeconfigFromApimodel } from "../aksengine/kubeconfig";
import type { AksEngineConfig, ClusterConfig, ClusterServicePrincipal, HubConfig } from "../config/types";
import { HELPER_SCRIPTS, HelperScript, helperPaths, scriptCommand, scriptText, shellQuote } from "../remote/scripts";
import { ClusterOperations } from "./clusterOperations";
import type { SshConnection } from "./helperVm";

export interface AksEngineClusterArgs {
  readonly connection: SshConnection;
  readonly workDir: string;
  readonly hub: HubConfig<pulumi.Output<string>>;
  readonly aksEngine: AksEngineConfig;
  readonly cluster: ClusterConfig;
  readonly servicePrincipal: ClusterServicePrincipal<pulumi.Output<string>>;
  /** The generated apimodel backed up by an earlier run of this stack; empty before the first deploy. */
  readonly apimodelBackup: pulumi.Input<string>;
  /** The stack's previous run recorded a deployed cluster (whose release wrote its apimodel last). */
  readonly deployed?: { readonly aksEngineRelease: string };
  /** The helper host; every remote step waits for it. */
  readonly helper: pulumi.Resource;
  /** Bumped after the helper was rebuilt: every remote step runs again. */
  readonly helperGeneration: number;
  /** Run aks-engine with a client secret on its command line even where /proc shows it to other users. */
  readonly allowSecretInProcessList: boolean;
}

export class AksEngineCluster extends pulumi.ComponentResource {
  /** Cluster-admin kubeconfig (secret), rendered from the apimodel backup. */
  readonly kubeconfig: pulumi.Output<string>;
  /** Private key of the nodes' admin user (secret), for operators' SSH access to the masters. */
  readonly nodeSshPrivateKey: pulumi.Output<string>;
  /** The generated apimodel.json with the cluster's PKI: the only source of truth for day-2 (secret). */
  readonly apimodelBackup: pulumi.Output<string>;
  /** What the cluster really is, from the backup (not the config): see aksengine/clusterState.ts. */
  readonly clusterState: pulumi.Output<ClusterState>;
  readonly apiServerUrl: string;
  readonly resourceGroup: string;

  constructor(name: string, args: AksEngineClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("azs-ha:stamp:AksEngineCluster", name, {}, opts);
    const { connection, hub, cluster, aksEngine, helperGeneration } = args;
    const paths = helperPaths(args.workDir);
    const script = (name: HelperScript, flags: Record<string, string | number | undefined>) => scriptCommand(args.workDir, name, flags, helperGeneration);
    const run = (step: string, create: string, extra: Partial<command.remote.CommandArgs>, options: pulumi.CustomResourceOptions) =>
      new command.remote.Command(`${name}-${step}`, { connection, create, ...extra }, { parent: this, ...options });

    const nodeKey = new tls.PrivateKey(`${name}-node-ssh-key`, { algorithm: "RSA", rsaBits: 4096 }, { parent: this });

    const workDir = run(
      "workdir",
      `mkdir -p ${[paths.scripts + "/lib", paths.bin, paths.state].map(shellQuote).join(" ")} && chmod 700 ${shellQuote(paths.work)} ${shellQuote(paths.cluster)} # helper generation ${helperGeneration}`,
      {},
      { dependsOn: [args.helper] },
    );

    const apimodel = nodeKey.publicKeyOpenssh.apply((nodeSshPublicKey) =>
      renderApimodelFile({ hub, cluster, aksEngineVersion: aksEngine.version, nodeSshPublicKey, servicePrincipalClientId: args.servicePrincipal.clientId, deployed: args.deployed !== undefined }),
    );
    const files: Record<string, pulumi.Output<string>> = { [paths.inputApimodel]: apimodel };
    for (const script of HELPER_SCRIPTS) files[paths.script(script)] = pulumi.output(scriptText(script));
    if (hub.auth.method === "client_certificate") files[paths.clientCertificate] = pulumi.output(hub.auth.certificatePem);

    const uploads = Object.entries(files).map(
      ([remotePath, text]) =>
        new command.remote.CopyToRemote(
          `${name}-upload-${remotePath.slice(paths.work.length + 1).replace(/[/.]/g, "-")}`,
          // A rebuilt helper (new generation) needs every file again: replacing the copy re-uploads it.
          { connection, remotePath, source: text.apply((t) => new pulumi.asset.StringAsset(t)), triggers: [helperGeneration] },
          // Deploy reads the apimodel once; after that the cluster changes by day-2 operations, not by this file.
          { parent: this, dependsOn: [workDir], ...(args.deployed && remotePath === paths.inputApimodel ? { ignoreChanges: ["source"] } : {}) },
        ),
    );

    const install = run(
      "install-aks-engine",
      script("install-aks-engine.sh", { work: args.workDir, version: aksEngine.version, url: aksEngine.downloadUrl, sha256: aksEngine.sha256 }),
      {},
      { dependsOn: uploads },
    );

    // What the cluster is: recorded by the first deploy attempt or a restore, checked by every deploy run.
    const identity = {
      location: hub.location,
      "resource-group": cluster.resourceGroup,
      "subscription-id": hub.subscriptionId,
      "cluster-client-id": args.servicePrincipal.clientId,
    };
    // stdin: the release that last wrote the backed-up apimodel, on the first line, then the backup.
    // It changes after every day-2 operation, but only a rebuilt helper needs it: each helper
    // generation has a restore step of its own, created with the backup of its time (ignoreChanges
    // would keep the first value even through a replacement), so a newer backup is no reason to run.
    const restore = run(
      `restore-g${helperGeneration}`,
      script("restore-cluster-state.sh", { work: args.workDir, ...identity }),
      { stdin: pulumi.secret(pulumi.interpolate`${args.deployed?.aksEngineRelease ?? ""}\n${args.apimodelBackup}`) },
      { dependsOn: [install], ignoreChanges: ["stdin"] },
    );

    const credential = hub.auth.method === "client_secret" ? hub.auth.clientSecret : hub.auth.privateKeyPem;
    // stdin: the cluster service principal's secret on the first line, then aks-engine's own credential.
    const deployInput = pulumi.secret(pulumi.interpolate`${args.servicePrincipal.clientSecret}\n${credential}`);
    // Every aks-engine step on the helper: the cluster's identity, how aks-engine signs in, polling.
    const commonFlags = {
      ...identity,
      "client-id": hub.clientId,
      "auth-method": hub.auth.method,
      "identity-system": hub.identitySystem,
      "poll-seconds": cluster.deployPollSeconds,
      "max-wait-seconds": cluster.deployMaxWaitMinutes * 60,
      "allow-secret-in-process-list": args.allowSecretInProcessList ? "true" : undefined,
    };
    // Protected by default: destroying the stack must not silently orphan the running cluster.
    const deploy = run("deploy", script("deploy-cluster.sh", { work: args.workDir, ...commonFlags }), { stdin: deployInput }, {
      dependsOn: [...uploads, install, restore],
      protect: cluster.protect,
    });

    this.apiServerUrl = `https://${cluster.dnsPrefix}.${hub.location}.cloudapp.${hub.domain}`;
    const operations = new ClusterOperations(
      `${name}-operations`,
      {
        connection, workDir: args.workDir, helperGeneration, commonFlags, credential, kubernetesVersion: cluster.kubernetesVersion,
        nodeImageRefresh: cluster.nodeImageRefresh, nodePool: cluster.agentPool.name, nodeCount: cluster.agentPool.count,
        apiServer: new URL(this.apiServerUrl).host, after: deploy,
      },
      { parent: this },
    );

    // Secret-bearing stdout: no logging, no previous output in the environment, stored as secret. The
    // comment names the cluster the operations aim at, so the backup is read again after each of them.
    const target = `kubernetes ${cluster.kubernetesVersion}, ${cluster.agentPool.name} ${cluster.agentPool.count} nodes, node images ${cluster.nodeImageRefresh || "none"}`;
    const backup = run(
      "apimodel-backup",
      `${script("read-apimodel.sh", { work: args.workDir })} (after: ${target})`,
      { logging: "none", addPreviousOutputInEnv: false },
      { dependsOn: [operations.last], additionalSecretOutputs: ["stdout"], protect: cluster.protect },
    );
    const envelope = backup.stdout.apply(parseEnvelope);
    this.apimodelBackup = pulumi.secret(envelope.apply(backupText));
    this.kubeconfig = pulumi.secret(this.apimodelBackup.apply(adminKubeconfigFromApimodel));
    this.clusterState = pulumi.unsecret(envelope.apply((e) => clusterStateOf(e.apimodel, e.aksEngineRelease)));
    this.nodeSshPrivateKey = pulumi.secret(nodeKey.privateKeyOpenssh);
    this.resourceGroup = cluster.resourceGroup;
    this.registerOutputs({
      kubeconfig: this.kubeconfig,
      apimodelBackup: this.apimodelBackup,
      clusterState: this.clusterState,
      nodeSshPrivateKey: this.nodeSshPrivateKey,
      apiServerUrl: this.apiServerUrl,
      resourceGroup: this.resourceGroup,
    });
  }
}
