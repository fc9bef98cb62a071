/**
 * Creates or updates the project's Kubernetes service connection through azure-devops-node-api:
 * the project by name (CoreApi.getProject, for its id), the connection by name
 * (getServiceEndpointsByNames), then createServiceEndpoint or updateServiceEndpoint. Failures
 * become one message that says what was being done and what to check; the server's own text is
 * quoted only from its JSON `message`, never a raw body.
 */
import type { WebApi } from "azure-devops-node-api";
import { InputError } from "../plan/cli";
import type { ServiceEndpoint } from "azure-devops-node-api/interfaces/ServiceEndpointInterfaces";
import { endpointUpdate, kubernetesServiceEndpoint, KubernetesConnection, ProjectReference } from "./endpoint";

export interface ConnectRequest extends Omit<KubernetesConnection, "project"> {
  readonly organizationUrl: string;
  readonly projectName: string;
  /** The variable the token came from, named in authentication errors. */
  readonly tokenVariable: string;
}

export interface ConnectResult {
  readonly action: "created" | "updated";
  readonly id: string;
  readonly name: string;
  readonly project: ProjectReference;
}

interface HttpFailure {
  readonly statusCode?: unknown;
  readonly result?: { readonly message?: unknown } | null;
  readonly code?: unknown;
  readonly message?: unknown;
}

/** One message for a failed call; `doing` says what was being done ("reading project x"). Pure. */
export function azureDevOpsFailure(error: unknown, doing: string, request: Pick<ConnectRequest, "organizationUrl" | "tokenVariable">): InputError {
  if (error instanceof InputError) return error;
  const failure = (typeof error === "object" && error !== null ? error : {}) as HttpFailure;
  const at = `Azure DevOps at ${request.organizationUrl}`;
  switch (failure.statusCode) {
    case 401:
      return new InputError(`${at} refused the token from ${request.tokenVariable} (HTTP 401) while ${doing}: it is invalid, expired or not valid for this organization`);
    case 403:
      return new InputError(
        `${at} denied ${doing} (HTTP 403): the token from ${request.tokenVariable} needs the scopes Service Connections (Read, query & manage) and Project and Team (Read), ` +
          `and its identity the Creator or Administrator role on the project's service connections`,
      );
    case undefined:
      if (typeof failure.code === "string") return new InputError(`cannot reach ${at} while ${doing}: ${failure.code}`);
      return new InputError(`${at} failed while ${doing}: ${String(failure.message ?? error)}`);
    default: {
      const said = typeof failure.result?.message === "string" ? `: ${failure.result.message}` : "";
      return new InputError(`${at} answered HTTP ${String(failure.statusCode)} while ${doing}${said}`);
    }
  }
}

export async function connectKubernetesServiceConnection(webApi: WebApi, request: ConnectRequest): Promise<ConnectResult> {
  const call = async <T>(doing: string, action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (error) {
      throw azureDevOpsFailure(error, doing, request);
    }
  };
  const reading = `reading project ${JSON.stringify(request.projectName)}`;
  const found = await call(reading, async () => (await webApi.getCoreApi()).getProject(request.projectName));
  // A missing project is a 404, which the REST client turns into a null result.
  if (!found?.id || !found.name) {
    throw new InputError(`project ${JSON.stringify(request.projectName)} does not exist in ${request.organizationUrl}, or the token's identity cannot see it`);
  }
  const project: ProjectReference = { id: found.id, name: found.name };
  const desired = kubernetesServiceEndpoint({ ...request, project });
  const label = `service connection ${JSON.stringify(request.name)} in project ${project.name}`;

  const endpoints = await call(`looking up ${label}`, () => webApi.getServiceEndpointApi());
  const named = await call(`looking up ${label}`, () => endpoints.getServiceEndpointsByNames(project.id, [request.name]));
  const matches = named.filter((endpoint) => endpoint.name?.toLowerCase() === request.name.toLowerCase());
  if (matches.length === 0) {
    const created = await call(`creating ${label}`, () => endpoints.createServiceEndpoint(desired));
    return { action: "created", id: requireId(created, `creating ${label}`), name: request.name, project };
  }
  if (matches.length > 1) throw new InputError(`${label}: ${matches.length} connections have that name; remove the duplicates or pass another --name`);
  const [existing] = matches;
  const existingId = requireId(existing, `looking up ${label}`);
  if (existing.type?.toLowerCase() !== "kubernetes") {
    throw new InputError(`${label} exists with type ${JSON.stringify(existing.type)}, not Kubernetes: pass another --name, or delete that connection first`);
  }
  const updated = await call(`updating ${label}`, () => endpoints.updateServiceEndpoint(endpointUpdate(desired, existingId, existing, project), existingId));
  return { action: "updated", id: requireId(updated, `updating ${label}`), name: request.name, project };
}

function requireId(endpoint: ServiceEndpoint | null, doing: string): string {
  if (!endpoint?.id) throw new InputError(`Azure DevOps returned no service connection id after ${doing}`);
  return endpoint.id;
}
