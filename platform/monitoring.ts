/**
 * Values of the azuremonitor-containers chart (3.x keys: `amalogs.*`; the guide's `omsagent.*`
 * keys are silently ignored since chart 3.0.0). Pure; the key is whatever carries the secret.
 */
export const MONITORING_CHART = { chart: "azuremonitor-containers", repo: "https://microsoft.github.io/charts/repo", releaseName: "azuremonitor-containers", namespace: "kube-system" } as const;

export function monitoringValues<S>(args: { workspaceId: S | string; workspaceKey: S; clusterName: string }): Record<string, unknown> {
  return {
    amalogs: {
      secret: { wsid: args.workspaceId, key: args.workspaceKey },
      env: { clusterName: args.clusterName },
    },
  };
}
