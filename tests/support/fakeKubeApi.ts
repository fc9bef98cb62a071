/**
 * A fake Kubernetes API server on 127.0.0.1 answering the reads `npm run verify` makes: GET of
 * /version, of a cluster-scoped or namespaced collection, and of one object, for the kinds in
 * RESOURCES. It follows kube-apiserver where verify can tell:
 * - TLS with the cluster's server certificate; client certificates are requested but not required
 *   at the handshake and judged by the authenticator afterwards (k8s.io/apiserver
 *   pkg/server/secure_serving.go: `tlsConfig.ClientAuth = tls.RequestClientCert` with the client
 *   CA pool); a request without a certificate of the cluster's CA gets 401 with the Status object
 *   of pkg/endpoints/filters/authentication.go `Unauthorized` (anonymous auth is off: aks-engine's
 *   default API server flags, pkg/api/defaults-apiserver.go, set `--anonymous-auth=false`).
 * - A missing object: 404 with the Status of apimachinery's `errors.NewNotFound`
 *   (`deployments.apps "x" not found`); an unknown path: 404 `404 page not found` (text/plain).
 * - A list: `<Kind>List` whose items carry neither apiVersion nor kind, as the API server encodes them.
 * - Methods other than GET: 405, as for a read-only fake (verify only reads; a write is a bug).
 */
import * as https from "https";
import type { AddressInfo } from "net";
import type { TLSSocket } from "tls";
import type { TestPki } from "./testPki";

export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string } & Record<string, unknown>;
  readonly [field: string]: unknown;
}

const RESOURCES: Record<string, { readonly plural: string; readonly namespaced: boolean }> = {
  Node: { plural: "nodes", namespaced: false },
  Deployment: { plural: "deployments", namespaced: true },
  StatefulSet: { plural: "statefulsets", namespaced: true },
  HorizontalPodAutoscaler: { plural: "horizontalpodautoscalers", namespaced: true },
};

const groupPath = (apiVersion: string) => (apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`);
const collectionPath = (apiVersion: string, plural: string, namespace?: string) => `${groupPath(apiVersion)}${namespace ? `/namespaces/${namespace}` : ""}/${plural}`;

export interface FakeKubeApi {
  readonly url: string;
  /** `METHOD path` of every request, in order. */
  readonly requests: string[];
  /** What the cluster holds; replace it between runs. */
  objects: readonly KubeObject[];
  version: Record<string, string>;
  close(): Promise<void>;
}

function status(code: number, reason: string, message: string, details?: Record<string, string>) {
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, ...(details ? { details } : {}), code };
}

export async function startFakeKubeApi(pki: TestPki): Promise<FakeKubeApi> {
  const fake = { url: "", requests: [] as string[], objects: [] as readonly KubeObject[], version: {} as Record<string, string>, close: async () => {} };
  const server = https.createServer({ key: pki.server.key, cert: pki.server.cert, ca: [pki.ca], requestCert: true, rejectUnauthorized: false }, (req, res) => {
    const path = new URL(req.url ?? "/", "https://127.0.0.1").pathname;
    fake.requests.push(`${req.method} ${path}`);
    const json = (code: number, body: unknown) => {
      res.writeHead(code, { "Content-Type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (!(req.socket as TLSSocket).authorized) return json(401, status(401, "Unauthorized", "Unauthorized"));
    if (req.method !== "GET") return json(405, status(405, "MethodNotAllowed", `the fake API server only answers reads, not ${req.method}`));
    if (path === "/version") return json(200, fake.version);
    const answer = answerRead(fake.objects, path);
    if (answer) return json(answer.code, answer.body);
    res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" });
    res.end("404 page not found\n");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return fake;
}

/** A collection or one object of a kind the cluster holds; undefined for any other path. */
function answerRead(objects: readonly KubeObject[], path: string): { code: number; body: unknown } | undefined {
  for (const [kind, { plural, namespaced }] of Object.entries(RESOURCES)) {
    const ofKind = objects.filter((o) => o.kind === kind);
    const apiVersion = ofKind[0]?.apiVersion;
    if (!apiVersion) continue;
    const namespaces = namespaced ? [...new Set(ofKind.map((o) => o.metadata.namespace))] : [undefined];
    for (const namespace of namespaces) {
      const collection = collectionPath(apiVersion, plural, namespace);
      const inCollection = ofKind.filter((o) => o.metadata.namespace === namespace);
      if (path === collection) {
        const items = inCollection.map(({ apiVersion: _version, kind: _kind, ...item }) => item);
        return { code: 200, body: { kind: `${kind}List`, apiVersion, metadata: { resourceVersion: "4242" }, items } };
      }
      if (path.startsWith(`${collection}/`)) {
        const name = path.slice(collection.length + 1);
        const found = inCollection.find((o) => o.metadata.name === name);
        const group = apiVersion.includes("/") ? apiVersion.split("/")[0] : "";
        return found
          ? { code: 200, body: found }
          : { code: 404, body: status(404, "NotFound", `${plural}${group ? `.${group}` : ""} "${name}" not found`, { name, group, kind: plural }) };
      }
    }
  }
  return undefined;
}

/** The admin kubeconfig as aksengine/kubeconfig.ts renders it (JSON; CA, server, client certificate and key as base64 data). */
export function adminKubeconfig(server: string, ca: string, client: { cert: string; key: string }): string {
  const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
  const name = "ratings-test";
  return `${JSON.stringify({
    apiVersion: "v1",
    clusters: [{ cluster: { "certificate-authority-data": base64(ca), server }, name }],
    contexts: [{ context: { cluster: name, user: `${name}-admin` }, name }],
    "current-context": name,
    kind: "Config",
    users: [{ name: `${name}-admin`, user: { "client-certificate-data": base64(client.cert), "client-key-data": base64(client.key) } }],
  })}\n`;
}
