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

/**
 * What a pipeline deploying the ratings app needs, and nothing that reaches beyond the namespace
 * (issue 8). Left out on purpose: pods (create, exec, attach, port-forward: a shell in MongoDB's
 * pod or a tunnel to it), serviceaccounts and their token subresource, every RBAC object (a Role
 * or RoleBinding it could write would grant itself anything), and Secrets: the app's only Secret
 * (MongoDB's credentials) belongs to the stack, and creating a `kubernetes.io/service-account-token`
 * Secret is how an account mints itself a token that outlives its own, which RBAC cannot restrict
 * by type. Pods it gets created through Deployments and the StatefulSet are held to the namespace's
 * Pod Security level, so they cannot be privileged or mount the node's files.
 */
const DEPLOYER_RULES: k8s.types.input.rbac.v1.PolicyRule[] = [
  // The app's workloads: ratings-api and ratings-web (Deployments), MongoDB (StatefulSet).
  { apiGroups: ["apps"], resources: ["deployments", "statefulsets"], verbs: VERBS_TO_DEPLOY },
  // Owned by the Deployments' controller; read for `kubectl rollout status`, `history` and `undo`.
  { apiGroups: ["apps"], resources: ["replicasets"], verbs: VERBS_TO_READ },
  // The tiers' Services, and ConfigMaps for the settings a pipeline ships with its own objects.
  { apiGroups: [""], resources: ["services", "configmaps"], verbs: VERBS_TO_DEPLOY },
  // Volume claims come from the StatefulSet; deleting one would delete MongoDB's data.
  { apiGroups: [""], resources: ["persistentvolumeclaims"], verbs: VERBS_TO_READ },
  // To see why a rollout is stuck: pods, their events and logs (`kubectl logs` reads pods/log).
  { apiGroups: [""], resources: ["pods", "events"], verbs: VERBS_TO_READ },
  { apiGroups: [""], resources: ["pods/log"], verbs: ["get"] },
  // The rest of the app: its Ingress, ratings-web's autoscaler, the tiers' disruption budgets.
  { apiGroups: ["networking.k8s.io"], resources: ["ingresses"], verbs: VERBS_TO_DEPLOY },
  { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: VERBS_TO_DEPLOY },
  { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: VERBS_TO_DEPLOY },
];

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
      { metadata, rules: DEPLOYER_RULES },
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
