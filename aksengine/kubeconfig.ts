/**
 * The cluster-admin kubeconfig, rendered from the generated apimodel (`_output/apimodel.json`)
 * exactly as aks-engine-azurestack fills `parts/k8s/kubeconfig.json` in `GenerateKubeConfig`
 * (pkg/engine/engine.go, release-v0.85.0) for a public cluster without an AAD profile: the CA
 * certificate, the server `https://<dnsPrefix>.<location>.<resourceManagerVMDNSSuffix>`
 * (`api.FormatProdFQDNByLocation`), and the admin client certificate and key
 * (`kubeConfigCertificate`, `kubeConfigPrivateKey`), each base64-encoded.
 *
 * Why render it here instead of reading aks-engine's file: `generate` writes `kubeconfig/` only
 * when it generated the certificates itself (pkg/engine/output.go, `WriteTLSArtifacts`:
 * `if !certsGenerated { return nil }`), so a helper restored from the backed-up apimodel never
 * gets one back. Deriving the kubeconfig from the backup keeps it tied to the one source of truth.
 */
import { stableStringify } from "../util/json";

type Json = Record<string, unknown>;

function field(value: unknown, path: string): Json {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new Error(`the generated apimodel has no ${path}; it is not an aks-engine-azurestack _output/apimodel.json`);
  }
  return value as Json;
}

function text(object: Json, key: string, path: string): string {
  const value = object[key];
  if (typeof value !== "string" || value === "") {
    throw new Error(`the generated apimodel has no ${path}.${key}; it is not an aks-engine-azurestack _output/apimodel.json of a deployed cluster`);
  }
  return value;
}

const base64 = (value: string) => Buffer.from(value, "utf8").toString("base64");

/** The parts of a generated apimodel that locate and authenticate the cluster's admin. */
interface ClusterAccess {
  readonly server: string;
  readonly clusterName: string;
  readonly caCertificate: string;
  readonly adminCertificate: string;
  readonly adminPrivateKey: string;
}

function clusterAccessFromApimodel(apimodelJson: string): ClusterAccess {
  let model: unknown;
  try {
    model = JSON.parse(apimodelJson);
  } catch {
    throw new Error("the generated apimodel is not JSON; it is not an aks-engine-azurestack _output/apimodel.json");
  }
  const root = field(model, "root object");
  const properties = field(root.properties, "properties");
  const master = field(properties.masterProfile, "properties.masterProfile");
  const certificates = field(properties.certificateProfile, "properties.certificateProfile");
  const environment = field(field(properties.customCloudProfile, "properties.customCloudProfile").environment, "properties.customCloudProfile.environment");
  const kubernetesConfig = field(field(properties.orchestratorProfile ?? {}, "properties.orchestratorProfile").kubernetesConfig ?? {}, "kubernetesConfig");
  // This project never creates private or AAD-integrated clusters; their kubeconfigs differ.
  if (field(kubernetesConfig.privateCluster ?? {}, "privateCluster").enabled === true || properties.aadProfile !== undefined) {
    throw new Error("the generated apimodel describes a private or AAD-integrated cluster, which this project does not deploy");
  }
  const dnsPrefix = text(master, "dnsPrefix", "properties.masterProfile");
  const location = text(root, "location", "root");
  const suffix = text(environment, "resourceManagerVMDNSSuffix", "properties.customCloudProfile.environment");
  return {
    server: `https://${dnsPrefix}.${location}.${suffix}`,
    clusterName: dnsPrefix,
    caCertificate: text(certificates, "caCertificate", "properties.certificateProfile"),
    adminCertificate: text(certificates, "kubeConfigCertificate", "properties.certificateProfile"),
    adminPrivateKey: text(certificates, "kubeConfigPrivateKey", "properties.certificateProfile"),
  };
}

/** The cluster-admin kubeconfig (JSON, which is valid YAML) with the same content aks-engine writes. */
export function adminKubeconfigFromApimodel(apimodelJson: string): string {
  const access = clusterAccessFromApimodel(apimodelJson);
  const name = access.clusterName;
  return (
    stableStringify({
      apiVersion: "v1",
      clusters: [{ cluster: { "certificate-authority-data": base64(access.caCertificate), server: access.server }, name }],
      contexts: [{ context: { cluster: name, user: `${name}-admin` }, name }],
      "current-context": name,
      kind: "Config",
      users: [{ name: `${name}-admin`, user: { "client-certificate-data": base64(access.adminCertificate), "client-key-data": base64(access.adminPrivateKey) } }],
    }) + "\n"
  );
}
