/**
 * The cluster-admin kubeconfig the stack derives from the backed-up generated apimodel
 * (aksengine/kubeconfig.ts), in process. tests/aksengine.real.test.ts proves it equal to the file
 * the real aks-engine-azurestack writes; this file pins what each field comes from and that an
 * apimodel missing one is refused by name, not turned into a kubeconfig that points nowhere.
 */
import * as yaml from "js-yaml";
import { adminKubeconfigFromApimodel } from "../aksengine/kubeconfig";

const apimodel = () => ({
  location: "redmond",
  properties: {
    masterProfile: { dnsPrefix: "stampa-k8s" },
    certificateProfile: { caCertificate: "CA PEM", kubeConfigCertificate: "ADMIN CERT PEM", kubeConfigPrivateKey: "ADMIN KEY PEM" },
    customCloudProfile: { environment: { resourceManagerVMDNSSuffix: "cloudapp.azs.contoso.com" } },
    orchestratorProfile: { kubernetesConfig: { privateCluster: { enabled: false } } },
  },
});
const b64 = (text: string) => Buffer.from(text).toString("base64");

describe("the admin kubeconfig of a generated apimodel", () => {
  it("points at https://<dnsPrefix>.<location>.<VM DNS suffix> with the CA and the admin certificate and key, base64", () => {
    const text = adminKubeconfigFromApimodel(JSON.stringify(apimodel()));
    expect(text.endsWith("}\n")).toBe(true);
    expect(yaml.load(text)).toEqual({
      apiVersion: "v1",
      kind: "Config",
      "current-context": "stampa-k8s",
      clusters: [{ name: "stampa-k8s", cluster: { server: "https://stampa-k8s.redmond.cloudapp.azs.contoso.com", "certificate-authority-data": b64("CA PEM") } }],
      contexts: [{ name: "stampa-k8s", context: { cluster: "stampa-k8s", user: "stampa-k8s-admin" } }],
      users: [{ name: "stampa-k8s-admin", user: { "client-certificate-data": b64("ADMIN CERT PEM"), "client-key-data": b64("ADMIN KEY PEM") } }],
    });
    // an apimodel without orchestratorProfile is a public cluster too
    const bare = apimodel() as { properties: Record<string, unknown> };
    delete bare.properties.orchestratorProfile;
    expect(adminKubeconfigFromApimodel(JSON.stringify(bare))).toBe(text);
  });

  const notDeployed = "; it is not an aks-engine-azurestack _output/apimodel.json of a deployed cluster";
  const notApimodel = "; it is not an aks-engine-azurestack _output/apimodel.json";
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const edited = (edit: (model: any) => unknown) => () => {
    const model = apimodel();
    edit(model);
    return JSON.stringify(model);
  };
  it.each<[string, () => string, string]>([
    ["not JSON", () => "{", `the generated apimodel is not JSON${notApimodel}`],
    ["an array", () => "[]", `the generated apimodel has no root object${notApimodel}`],
    ["no properties", edited((m) => delete m.properties), `the generated apimodel has no properties${notApimodel}`],
    ["no masterProfile", edited((m) => delete m.properties.masterProfile), `the generated apimodel has no properties.masterProfile${notApimodel}`],
    ["no certificateProfile", edited((m) => delete m.properties.certificateProfile), `the generated apimodel has no properties.certificateProfile${notApimodel}`],
    ["no customCloudProfile", edited((m) => delete m.properties.customCloudProfile), `the generated apimodel has no properties.customCloudProfile${notApimodel}`],
    ["no environment", edited((m) => (m.properties.customCloudProfile.environment = null)), `the generated apimodel has no properties.customCloudProfile.environment${notApimodel}`],
    ["an empty dnsPrefix", edited((m) => (m.properties.masterProfile.dnsPrefix = "")), `the generated apimodel has no properties.masterProfile.dnsPrefix${notDeployed}`],
    ["no location", edited((m) => delete m.location), `the generated apimodel has no root.location${notDeployed}`],
    ["a numeric suffix", edited((m) => (m.properties.customCloudProfile.environment.resourceManagerVMDNSSuffix = 1)), `the generated apimodel has no properties.customCloudProfile.environment.resourceManagerVMDNSSuffix${notDeployed}`],
    ["no CA certificate (not deployed yet)", edited((m) => delete m.properties.certificateProfile.caCertificate), `the generated apimodel has no properties.certificateProfile.caCertificate${notDeployed}`],
    ["no admin certificate", edited((m) => (m.properties.certificateProfile.kubeConfigCertificate = "")), `the generated apimodel has no properties.certificateProfile.kubeConfigCertificate${notDeployed}`],
    ["no admin key", edited((m) => delete m.properties.certificateProfile.kubeConfigPrivateKey), `the generated apimodel has no properties.certificateProfile.kubeConfigPrivateKey${notDeployed}`],
    ["a private cluster", edited((m) => (m.properties.orchestratorProfile.kubernetesConfig.privateCluster.enabled = true)), "the generated apimodel describes a private or AAD-integrated cluster, which this project does not deploy"],
    ["an AAD profile", edited((m) => (m.properties.aadProfile = {})), "the generated apimodel describes a private or AAD-integrated cluster, which this project does not deploy"],
  ])("is refused for an apimodel with %s, by the field it lacks", (_, apimodelText, message) => {
    expect(() => adminKubeconfigFromApimodel(apimodelText())).toThrow(message);
  });
});
