/**
 * A fake Azure Resource Manager on 127.0.0.1 (HTTPS: the Azure SDK refuses to send a bearer token
 * over http, core-rest-pipeline bearerTokenAuthenticationPolicy) answering the one read
 * `npm run verify` makes of the global stack: GET of the Traffic Manager profile.
 * - The body has the shape of the REST API's own example, Azure/azure-rest-api-specs
 *   specification/trafficmanager/resource-manager/Microsoft.Network/stable/2022-04-01/examples/
 *   Profile-GET-WithEndpoints.json (commit 029741f2a57be0df0c346983e76f08dc7a69058a):
 *   `properties.endpoints[].properties.endpointStatus` / `endpointMonitorStatus`, etc.
 * - Only `api-version=2022-04-01` (the one @azure/arm-trafficmanager 6.1.0 sends) is served; another
 *   gets ARM's 400 InvalidApiVersionParameter.
 * - The Authorization header must carry the expected bearer token; otherwise 401 with ARM's
 *   `WWW-Authenticate: Bearer ...` challenge and error body (AuthenticationFailed when missing,
 *   InvalidAuthenticationToken when wrong).
 * - Paths compare case-insensitively, as ARM's do; another profile: 404 ResourceNotFound.
 */
import * as https from "https";
import type { AddressInfo } from "net";
import type { TestPki } from "./testPki";

export interface FakeEndpoint {
  readonly name: string;
  readonly target: string;
  readonly endpointStatus: string;
  readonly endpointMonitorStatus: string;
}

export interface FakeArm {
  url: string;
  readonly requests: { readonly method: string; readonly path: string; readonly apiVersion: string | null; readonly authorization: string | undefined }[];
  /** The profile's endpoints; replace them between runs. */
  endpoints: readonly FakeEndpoint[];
  profileStatus: string;
  close(): Promise<void>;
}

const API_VERSION = "2022-04-01";

function armError(code: string, message: string) {
  return { error: { code, message } };
}

/** The profile as ARM returns it, in the example's shape (weights and the monitor as the global stack configures them). */
function profileBody(profileId: string, fake: FakeArm) {
  const name = profileId.split("/").pop() as string;
  return {
    id: profileId,
    name,
    type: "Microsoft.Network/trafficManagerProfiles",
    location: "global",
    tags: {},
    properties: {
      profileStatus: fake.profileStatus,
      trafficRoutingMethod: "Weighted",
      dnsConfig: { relativeName: "contoso-ratings", fqdn: "contoso-ratings.trafficmanager.net", ttl: 30 },
      monitorConfig: {
        profileMonitorStatus: fake.endpoints.every((e) => e.endpointMonitorStatus === "Online") ? "Online" : "Degraded",
        protocol: "HTTP", port: 80, path: "/", intervalInSeconds: 30, toleratedNumberOfFailures: 3, timeoutInSeconds: 10,
      },
      endpoints: fake.endpoints.map((e) => ({
        id: `${profileId}/externalEndpoints/${e.name}`,
        name: e.name,
        type: "Microsoft.Network/trafficManagerProfiles/externalEndpoints",
        properties: { endpointStatus: e.endpointStatus, endpointMonitorStatus: e.endpointMonitorStatus, target: e.target, weight: 50, priority: 1 },
      })),
      trafficViewEnrollmentStatus: "Disabled",
    },
  };
}

export async function startFakeArm(pki: TestPki, profileId: string, token: string): Promise<FakeArm> {
  const fake: FakeArm = { url: "", requests: [], endpoints: [], profileStatus: "Enabled", close: async () => {} };
  const server = https.createServer({ key: pki.server.key, cert: pki.server.cert }, (req, res) => {
    const url = new URL(req.url ?? "/", "https://127.0.0.1");
    const apiVersion = url.searchParams.get("api-version");
    fake.requests.push({ method: req.method ?? "", path: url.pathname, apiVersion, authorization: req.headers.authorization });
    const json = (code: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(code, { "Content-Type": "application/json; charset=utf-8", "x-ms-request-id": "00000000-0000-0000-0000-000000000001", ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${token}`) {
      const missing = req.headers.authorization === undefined;
      const challenge = `Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="${missing ? "The authentication failed because of missing 'Authorization' header." : "The access token is invalid."}"`;
      return json(401, missing ? armError("AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.") : armError("InvalidAuthenticationToken", "The access token is invalid."), { "WWW-Authenticate": challenge });
    }
    if (apiVersion !== API_VERSION) return json(400, armError("InvalidApiVersionParameter", `The api-version '${apiVersion}' is invalid. The supported versions are '${API_VERSION}'.`));
    if (req.method === "GET" && url.pathname.toLowerCase() === profileId.toLowerCase()) return json(200, profileBody(profileId, fake));
    return json(404, armError("ResourceNotFound", `The Resource '${url.pathname}' was not found.`));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return fake;
}
