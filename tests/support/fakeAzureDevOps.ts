/**
 * A fake Azure DevOps organization on 127.0.0.1 (ephemeral port) answering exactly the requests
 * `pipelines:connect` makes through azure-devops-node-api 17.0.1, as the library makes them:
 * - OPTIONS `<org>/_apis/<area>`: VsoClient.beginGetAreaLocations asks each area (`Location`,
 *   `core`, `serviceendpoint`) for its resource locations `{count, value: [ApiResourceLocation]}`;
 *   VsoClient.getVersioningData picks one by id, autoNegotiateApiVersion sets the api-version the
 *   request sends in its Accept header (ClientApiBase.createAcceptHeader), and getRequestUrl
 *   fills the routeTemplate. The templates give the URLs of the REST reference (Projects – Get:
 *   `_apis/projects/{projectId}`) and of the generated clients of microsoft/azure-devops-extension-api
 *   (LocationsClient `_apis/ResourceAreas/{areaId}`, ServiceEndpointClient.ts
 *   `{project}/_apis/serviceendpoint/endpoints/{endpointId}` and `_apis/serviceendpoint/endpoints/{endpointId}`).
 * - GET `<org>/_apis/resourceAreas`: LocationsApi.getResourceAreas, which WebApi._getResourceAreas
 *   calls before creating a client: `{count, value: [{id, name, locationUrl}]}` as on Azure DevOps
 *   Services, or `{"count":0,"value":null}` as on Azure DevOps Server (WebApi._getResourceAreaUrl's
 *   comment), where every area is at the server URL.
 * - GET `<org>/_apis/projects/<name or id>`: CoreApi.getProject; 404 for an unknown project.
 * - GET `<org>/<project>/_apis/serviceendpoint/endpoints?endpointNames=`, POST and PUT
 *   `<org>/_apis/serviceendpoint/endpoints[/<id>]`: the library's ServiceEndpointApiBase
 *   getServiceEndpointsByNames, createServiceEndpoint, updateServiceEndpoint. A duplicate name is
 *   409 (DuplicateServiceConnectionException → Conflict in the service's controller), and
 *   confidential parameters come back null (the `az devops service-endpoint create` docs' response).
 * Every request must carry the configured token (Basic with the PAT as password, as the service
 * takes it, or Bearer) and non-OPTIONS requests an api-version; what was sent is recorded.
 */
import { randomUUID } from "crypto";
import { createServer, IncomingMessage, ServerResponse } from "http";
import type { AddressInfo } from "net";

export interface FakeProject {
  readonly id: string;
  readonly name: string;
}

export type FakeRoute = "locations" | "resourceAreas" | "project" | "endpointsByName" | "create" | "update";

export interface RecordedRequest {
  readonly method: string;
  readonly route: FakeRoute | "unknown";
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly authorization?: string;
  readonly apiVersion?: string;
  readonly body?: unknown;
}

/** A stored connection, secrets included (what the service keeps). */
export type StoredEndpoint = Record<string, unknown> & { id: string; name: string; type: string };

export interface FakeOptions {
  readonly organization?: string;
  /** Accepted as HTTP Basic with this as the password (any user name). */
  readonly pat?: string;
  /** Accepted as `Authorization: Bearer <token>`. */
  readonly bearer?: string;
  readonly projects: readonly FakeProject[];
  readonly endpoints?: readonly StoredEndpoint[];
  /** `server`: list no resource areas, as Azure DevOps Server does. */
  readonly flavour?: "services" | "server";
}

export interface FakeAzureDevOps {
  /** The organization URL, e.g. http://127.0.0.1:port/contoso */
  readonly url: string;
  readonly requests: RecordedRequest[];
  readonly endpoints: StoredEndpoint[];
  /** From now on, every request of `route` is answered with this status and a JSON error `message`. */
  fail(route: FakeRoute, status: number, message: string): void;
  /** Stops the server (again: nothing). */
  close(): Promise<void>;
}

const AREAS: Record<string, { id: string; name: string }> = {
  core: { id: "79134c72-4a58-4b42-976c-04e7115f32bf", name: "core" },
  serviceendpoint: { id: "1814ab31-2f4f-4a9f-8761-f4d77dc5a5d7", name: "serviceendpoint" },
};

const location = (id: string, area: string, resourceName: string, routeTemplate: string, resourceVersion: number, releasedVersion: string) => ({
  id,
  area,
  resourceName,
  routeTemplate,
  resourceVersion,
  minVersion: "1.0",
  maxVersion: "7.2",
  releasedVersion,
});

const LOCATIONS: Record<string, unknown[]> = {
  location: [location("e81700f7-3be2-46de-8624-2eb35882fcaa", "Location", "ResourceAreas", "_apis/resourceAreas/{areaId}", 1, "1.0")],
  core: [location("603fe2ac-9723-48b9-88ad-09305aa6c6e1", "core", "projects", "_apis/{resource}/{*projectId}", 4, "7.1")],
  serviceendpoint: [
    location("e85f1c62-adfc-4b74-b618-11a150fb195e", "serviceendpoint", "endpoints", "{project}/_apis/serviceendpoint/endpoints/{endpointId}", 4, "7.1"),
    location("14e48fdc-2c8b-41ce-a0c3-e26f6cc55bd0", "serviceendpoint", "endpoints", "_apis/serviceendpoint/endpoints/{endpointId}", 4, "7.1"),
  ],
};

const CONFIDENTIAL_PARAMETERS = ["kubeconfig", "password", "apiToken"];

/** The error body shape of the service (`message`, `typeKey`). */
const errorBody = (message: string, typeKey: string) => ({ $id: "1", innerException: null, message, typeName: `Microsoft.VisualStudio.Services.${typeKey}`, typeKey, errorCode: 0, eventId: 3000 });

/** What the service returns for a stored connection: confidential parameters null. */
function publicView(endpoint: StoredEndpoint): Record<string, unknown> {
  const authorization = endpoint.authorization as { scheme?: string; parameters?: Record<string, string> } | undefined;
  const parameters = Object.fromEntries(Object.entries(authorization?.parameters ?? {}).map(([key, value]) => [key, CONFIDENTIAL_PARAMETERS.includes(key) ? null : value]));
  return { ...endpoint, authorization: { ...authorization, parameters } };
}

const referencesProject = (endpoint: StoredEndpoint, projectId: string) =>
  ((endpoint.serviceEndpointProjectReferences ?? []) as { projectReference?: { id?: string } }[]).some((reference) => reference.projectReference?.id === projectId);

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text === "" ? undefined : JSON.parse(text);
}

export async function startFakeAzureDevOps(options: FakeOptions): Promise<FakeAzureDevOps> {
  const organization = options.organization ?? "contoso";
  const requests: RecordedRequest[] = [];
  const endpoints: StoredEndpoint[] = (options.endpoints ?? []).map((endpoint) => ({ ...endpoint }));
  const failures = new Map<FakeRoute, { status: number; message: string }>();
  let url = "";

  const findProject = (idOrName: string) =>
    options.projects.find((project) => project.id === idOrName || project.name.toLowerCase() === idOrName.toLowerCase());

  const authorized = (header: string | undefined): boolean => {
    if (options.bearer !== undefined && header === `Bearer ${options.bearer}`) return true;
    const basic = /^Basic (.+)$/.exec(header ?? "");
    if (options.pat === undefined || !basic) return false;
    const decoded = Buffer.from(basic[1], "base64").toString("utf8");
    return decoded.slice(decoded.indexOf(":") + 1) === options.pat;
  };

  /** The route of a request path below the organization, lower-cased segments. */
  const routeOf = (method: string, segments: string[]): FakeRoute | "unknown" => {
    const [first, second, third, fourth] = segments;
    if (method === "OPTIONS" && first === "_apis" && segments.length === 2) return "locations";
    if (method === "GET" && first === "_apis" && second === "resourceareas" && segments.length === 2) return "resourceAreas";
    if (method === "GET" && first === "_apis" && second === "projects" && segments.length === 3) return "project";
    if (method === "GET" && second === "_apis" && third === "serviceendpoint" && fourth === "endpoints" && segments.length === 4) return "endpointsByName";
    if (method === "POST" && first === "_apis" && second === "serviceendpoint" && third === "endpoints" && segments.length === 3) return "create";
    if (method === "PUT" && first === "_apis" && second === "serviceendpoint" && third === "endpoints" && segments.length === 4) return "update";
    return "unknown";
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(body));
    };
    const requestUrl = new URL(req.url ?? "/", "http://fake");
    const rawSegments = requestUrl.pathname.split("/").filter((segment) => segment !== "").map(decodeURIComponent);
    const method = req.method ?? "GET";
    const body = method === "POST" || method === "PUT" ? await readBody(req) : undefined;
    const underOrganization = rawSegments[0] === organization;
    const segments = underOrganization ? rawSegments.slice(1) : rawSegments;
    const route = underOrganization ? routeOf(method, segments.map((segment) => segment.toLowerCase())) : "unknown";
    const apiVersion = /api-version=([^;,\s]+)/.exec(req.headers.accept ?? "")?.[1] ?? requestUrl.searchParams.get("api-version") ?? undefined;
    requests.push({ method, route, path: requestUrl.pathname, query: Object.fromEntries(requestUrl.searchParams), authorization: req.headers.authorization, apiVersion, body });

    if (!authorized(req.headers.authorization)) {
      res.writeHead(401, { "content-type": "text/plain; charset=utf-8" });
      res.end("401 Unauthorized");
      return;
    }
    if (route === "unknown") return send(404, errorBody(`no route for ${method} ${requestUrl.pathname}`, "RouteNotFoundException"));
    if (method !== "OPTIONS" && apiVersion === undefined) return send(400, errorBody("No api-version was supplied for the request", "VssVersionNotSpecifiedException"));
    const failure = failures.get(route);
    if (failure) return send(failure.status, errorBody(failure.message, "InjectedFailureException"));

    switch (route) {
      case "locations": {
        const value = LOCATIONS[segments[1].toLowerCase()] ?? [];
        return send(200, { count: value.length, value });
      }
      case "resourceAreas": {
        if (options.flavour === "server") return send(200, { count: 0, value: null });
        const value = Object.values(AREAS).map((area) => ({ ...area, locationUrl: `${url}/` }));
        return send(200, { count: value.length, value });
      }
      case "project": {
        const project = findProject(segments[2]);
        if (!project) return send(404, errorBody(`TF200016: The following project does not exist: ${segments[2]}.`, "ProjectDoesNotExistWithNameException"));
        return send(200, { ...project, url: `${url}/_apis/projects/${project.id}`, state: "wellFormed", revision: 1, visibility: "private" });
      }
      case "endpointsByName": {
        const project = findProject(segments[0]);
        if (!project) return send(404, errorBody(`TF200016: The following project does not exist: ${segments[0]}.`, "ProjectDoesNotExistWithNameException"));
        const names = (requestUrl.searchParams.get("endpointNames") ?? "").split(",").map((name) => name.toLowerCase());
        const value = endpoints.filter((endpoint) => referencesProject(endpoint, project.id) && names.includes(endpoint.name.toLowerCase())).map(publicView);
        return send(200, { count: value.length, value });
      }
      case "create": {
        const endpoint = body as StoredEndpoint;
        const references = (endpoint?.serviceEndpointProjectReferences ?? []) as { projectReference?: { id?: string } }[];
        const projectIds = references.map((reference) => reference.projectReference?.id ?? "");
        if (typeof endpoint?.name !== "string" || typeof endpoint.type !== "string" || typeof endpoint.url !== "string" || projectIds.length === 0 || !projectIds.every((id) => options.projects.some((project) => project.id === id))) {
          return send(400, errorBody("The service endpoint needs a name, a type, a url and references to existing projects", "ArgumentException"));
        }
        if (endpoints.some((other) => other.name.toLowerCase() === endpoint.name.toLowerCase() && projectIds.some((id) => referencesProject(other, id)))) {
          return send(409, errorBody(`A service connection named ${endpoint.name} already exists`, "DuplicateServiceConnectionException"));
        }
        const stored: StoredEndpoint = { ...endpoint, id: randomUUID(), isReady: true };
        endpoints.push(stored);
        return send(200, publicView(stored));
      }
      case "update": {
        const index = endpoints.findIndex((endpoint) => endpoint.id === segments[3]);
        if (index < 0) return send(404, errorBody(`Service connection ${segments[3]} not found`, "ServiceEndpointNotFoundException"));
        const stored: StoredEndpoint = { ...(body as StoredEndpoint), id: segments[3], isReady: true };
        endpoints[index] = stored;
        return send(200, publicView(stored));
      }
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify(errorBody(`fake server error: ${String(error)}`, "FakeServerException")));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${organization}`;
  return {
    url,
    requests,
    endpoints,
    fail: (route, status, message) => failures.set(route, { status, message }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!server.listening) return resolve();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
