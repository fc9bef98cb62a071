/**
 * Pipeline access without cluster-admin: a `deployer` ServiceAccount in the application's
 * namespace, a Role limited to what deploying the ratings app needs, a long-lived token, and a
 * kubeconfig for an Azure Pipelines "Kubernetes" service connection (KubeConfig method).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { clusterCaData, serviceAccountKubeconfig } from "../platform/kubeconfig";

export interface DeployerAccessArgs {
  readonly namespace: string;
  readonly clusterName: string;
  readonly apiServerUrl: string;
  /** The cluster-admin kubeconfig, for the cluster's CA only. */
  readonly clusterKubeconfig: pulumi.Output<string>;
  readonly provider: k8s.Provider;
  /** The namespace's owner (the app), so the account is created inside it. */
  readonly dependsOn: pulumi.Resource[];
}

const VERBS_TO_DEPLOY = ["get", "list", "watch", "create", "update", "patch", "delete"];
const VERBS_TO_READ = ["get", "list", "watch"];

export class DeployerAccess extends pulumi.ComponentResource {
  /** Kubeconfig of the deployer account (secret); undefined until the cluster has issued the token. */
  readonly kubeconfig: pulumi.Output<string | undefined>;

  constructor(name: string, args: DeployerAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("azs-ha:platform:DeployerAccess", name, {}, opts);
    const child = { parent: this, provider: args.provider, dependsOn: args.dependsOn };
    const metadata = { name: "deployer", namespace: args.namespace };

    const account = new k8s.core.v1.ServiceAccount(`${name}-account`, { metadata }, child);
    const role = new k8s.rbac.v1.Role(
      `${name}-role`,
      {
        metadata,
        rules: [
          { apiGroups: ["apps"], resources: ["deployments", "statefulsets", "replicasets"], verbs: VERBS_TO_DEPLOY },
          { apiGroups: [""], resources: ["services", "configmaps", "secrets"], verbs: VERBS_TO_DEPLOY },
          // Volume claims come from the StatefulSet; deleting one would delete MongoDB's data.
          { apiGroups: [""], resources: ["persistentvolumeclaims"], verbs: VERBS_TO_READ },
          { apiGroups: [""], resources: ["pods", "pods/log", "events"], verbs: VERBS_TO_READ },
          { apiGroups: ["networking.k8s.io"], resources: ["ingresses"], verbs: VERBS_TO_DEPLOY },
          { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: VERBS_TO_DEPLOY },
          { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: VERBS_TO_DEPLOY },
        ],
      },
      child,
    );
    new k8s.rbac.v1.RoleBinding(
      `${name}-binding`,
      {
        metadata,
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata.name },
        subjects: [{ kind: "ServiceAccount", name: account.metadata.name, namespace: args.namespace }],
      },
      child,
    );
    // A token Secret: service connections need a token that does not expire with a pod.
    const token = new k8s.core.v1.Secret(
      `${name}-token`,
      {
        metadata: { name: "deployer-token", namespace: args.namespace, annotations: { "kubernetes.io/service-account.name": "deployer" } },
        type: "kubernetes.io/service-account-token",
      },
      { ...child, dependsOn: [...args.dependsOn, account], additionalSecretOutputs: ["data"] },
    );
    // The cluster fills the token in after the Secret exists: read it back on every update. By the
    // Secret's id, which is unknown until it exists, so a preview never reads a missing Secret.
    const issued = k8s.core.v1.Secret.get(`${name}-token-issued`, token.id, {
      parent: this,
      provider: args.provider,
      dependsOn: [token],
      additionalSecretOutputs: ["data"],
    });

    this.kubeconfig = pulumi.secret(
      pulumi.all([issued.data, args.clusterKubeconfig]).apply(([data, clusterKubeconfig]) => {
        if (!data?.token) {
          pulumi.log.warn("the deployer token is not issued yet; run pulumi up again to get deployerKubeconfig", this);
          return undefined;
        }
        return serviceAccountKubeconfig({
          clusterName: args.clusterName,
          server: args.apiServerUrl,
          caData: clusterCaData(clusterKubeconfig),
          namespace: args.namespace,
          user: "deployer",
          token: Buffer.from(data.token, "base64").toString("utf8"),
        });
      }),
    );
    this.registerOutputs({ kubeconfig: this.kubeconfig });
  }
}
