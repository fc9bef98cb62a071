/** Kubeconfigs the stamp hands out, rendered as JSON (valid YAML, and what aks-engine writes). */
import { stableStringify } from "../util/json";

/** The cluster CA (base64) from an aks-engine kubeconfig. */
export function clusterCaData(kubeconfig: string): string {
  const parsed = JSON.parse(kubeconfig) as { clusters?: { cluster?: Record<string, string> }[] };
  const ca = parsed.clusters?.[0]?.cluster?.["certificate-authority-data"];
  if (!ca) throw new Error("the cluster kubeconfig has no certificate-authority-data");
  return ca;
}

/** A kubeconfig for a service account token, limited to one namespace by its RBAC, e.g. for an Azure Pipelines service connection. */
export function serviceAccountKubeconfig(args: { clusterName: string; server: string; caData: string; namespace: string; user: string; token: string }): string {
  const context = `${args.user}@${args.clusterName}`;
  return stableStringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: args.clusterName, cluster: { server: args.server, "certificate-authority-data": args.caData } }],
    users: [{ name: args.user, user: { token: args.token } }],
    contexts: [{ name: context, context: { cluster: args.clusterName, user: args.user, namespace: args.namespace } }],
    "current-context": context,
  }) + "\n";
}
