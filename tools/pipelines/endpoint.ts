/**
 * The Azure DevOps "Kubernetes" service connection, KubeConfig method, as the REST API takes it.
 * Pure. The fields, as verified against real sources:
 * - type `kubernetes`, url = the API server, authorization `{ scheme: "Kubernetes", parameters:
 *   { kubeconfig, clusterContext } }`, data `{ authorizationType: "Kubeconfig", acceptUntrustedCerts }`,
 *   owner `library`, and `serviceEndpointProjectReferences: [{ projectReference: { id }, name,
 *   description }]`: microsoft/terraform-provider-azuredevops
 *   azuredevops/internal/service/serviceendpoint/resource_serviceendpoint_kubernetes.go
 *   (expandServiceEndpointKubernetes, case "Kubeconfig") and commons.go (doBaseExpansion).
 *   `acceptUntrustedCerts` belongs in `data`, not in the authorization parameters.
 * - The tasks read the same names: `tl.getEndpointDataParameter(endpoint, 'authorizationType')`
 *   === "Kubeconfig" (microsoft/azure-pipelines-tasks Tasks/KubernetesV1/src/clusters/
 *   generickubernetescluster.ts getKubeConfig), then `getEndpointAuthorizationParameter(endpoint,
 *   'kubeconfig' | 'clusterContext')` (kubernetes-common kubectlutility.ts getKubeconfigForCluster).
 * - The project reference `{ projectReference: { id, name }, name }`: the configuration file of
 *   `az devops service-endpoint create` (MicrosoftDocs/azure-devops-docs docs/cli/service-endpoint.md).
 * The payload is typed by azure-devops-node-api's ServiceEndpointInterfaces, so the compiler checks
 * every field name against the client that sends it.
 */
import type { ServiceEndpoint } from "azure-devops-node-api/interfaces/ServiceEndpointInterfaces";
import type { KubeconfigTarget } from "./kubeconfig";

export interface ProjectReference {
  readonly id: string;
  readonly name: string;
}

/** Deterministic, so a second run finds and updates the connection the first one created. */
export const defaultConnectionName = (stack: string): string => `azs-ha-${stack}`;

export interface KubernetesConnection {
  readonly name: string;
  readonly stack: string;
  readonly project: ProjectReference;
  readonly kubeconfig: string;
  readonly target: KubeconfigTarget;
}

export function kubernetesServiceEndpoint(connection: KubernetesConnection): ServiceEndpoint {
  const description = `Managed by npm run pipelines:connect: the deployer account of stack ${connection.stack} (namespace-scoped)`;
  return {
    name: connection.name,
    type: "kubernetes",
    url: connection.target.server,
    description,
    owner: "library",
    authorization: { scheme: "Kubernetes", parameters: { kubeconfig: connection.kubeconfig, clusterContext: connection.target.context } },
    // The kubeconfig carries the cluster's CA, so its certificate is trusted without skipping checks.
    data: { authorizationType: "Kubeconfig", acceptUntrustedCerts: "false" },
    serviceEndpointProjectReferences: [{ projectReference: { id: connection.project.id, name: connection.project.name }, name: connection.name, description }],
  };
}

/**
 * The update of an existing connection: the desired one with its id, and the project references
 * of other projects it is shared with kept (an update replaces the whole endpoint).
 */
export function endpointUpdate(desired: ServiceEndpoint, id: string, existing: ServiceEndpoint, project: ProjectReference): ServiceEndpoint {
  const others = (existing.serviceEndpointProjectReferences ?? []).filter((reference) => reference.projectReference?.id !== project.id);
  return { ...desired, id, serviceEndpointProjectReferences: [...(desired.serviceEndpointProjectReferences ?? []), ...others] };
}
