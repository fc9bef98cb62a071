import { readFileSync } from "fs";
import * as path from "path";
import { renderApimodel, renderApimodelFile } from "../aksengine/apimodel";
import { apimodelViolations, CLUSTER_SECRET_PLACEHOLDER } from "../aksengine/rules";
import { parseStackConfig } from "../config/parse";
import type { StampConfig } from "../config/types";
import { CLIENT, CREATE_MODE, rawConfig } from "./support/configs";
import { specsDir } from "./support/specs";

const NODE_KEY = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCnodekey";
const CTX = { location: "redmond", aksEngineVersion: "v0.85.0" };

function stamp(values: Record<string, string | undefined> = {}): StampConfig<string> {
  return parseStackConfig(rawConfig(CREATE_MODE, values)).config as StampConfig<string>;
}

function apimodelInput(config: StampConfig<string>, nodeSshPublicKey = NODE_KEY) {
  return { hub: config.hub, cluster: config.cluster, aksEngineVersion: config.aksEngine.version, nodeSshPublicKey, servicePrincipalClientId: config.clusterServicePrincipal.clientId };
}

function rendered(values: Record<string, string | undefined> = {}): Record<string, any> {
  return renderApimodel(apimodelInput(stamp(values)));
}

type Mutation = (model: Record<string, any>) => void;
const pool0 = (m: Record<string, any>) => m.properties.agentPoolProfiles[0];
const k8s = (m: Record<string, any>) => m.properties.orchestratorProfile.kubernetesConfig;

// [rule, a mutation that keeps it, a mutation that breaks it, the exact violation]
const RULES: [string, Mutation, Mutation, string][] = [
  ["apiVersion is vlabs", () => {}, (m) => (m.apiVersion = "2017-07-01"), 'apiVersion: must be "vlabs"'],
  ["location is required", () => {}, (m) => (m.location = ""), "location: is required"],
  ["location equals --location", () => {}, (m) => (m.location = "seattle"), 'location: "seattle" must equal the deploy --location "redmond"'],
  ["portalURL starts with https://portal.<location>.", (m) => (m.properties.customCloudProfile.portalURL = "https://portal.redmond.other.example/"),
    (m) => (m.properties.customCloudProfile.portalURL = "https://portal.azurestack.contoso.com/"),
    "properties.customCloudProfile.portalURL: must start with https://portal.redmond."],
  ["identitySystem is empty, azure_ad or adfs", (m) => (m.properties.customCloudProfile.identitySystem = ""),
    (m) => (m.properties.customCloudProfile.identitySystem = "ldap"), 'properties.customCloudProfile.identitySystem: "ldap" must be one of "", azure_ad, adfs'],
  ["orchestratorVersion is one the release knows", (m) => (m.properties.orchestratorProfile.orchestratorVersion = "1.35.0"),
    (m) => (m.properties.orchestratorProfile.orchestratorVersion = "1.31.13"),
    'properties.orchestratorProfile.orchestratorVersion: "1.31.13" is not available in v0.85.0; allowed: 1.33, 1.33.10, 1.34, 1.34.4, 1.35, 1.35.0'],
  ["a release-only version picks its latest patch", (m) => {
    delete m.properties.orchestratorProfile.orchestratorVersion;
    m.properties.orchestratorProfile.orchestratorRelease = "1.34";
  }, (m) => {
    delete m.properties.orchestratorProfile.orchestratorVersion;
    m.properties.orchestratorProfile.orchestratorRelease = "1.36";
  }, 'properties.orchestratorProfile.orchestratorVersion: "1.36" is not available in v0.85.0; allowed: 1.33, 1.33.10, 1.34, 1.34.4, 1.35, 1.35.0'],
  ["master count is 1, 3 or 5", (m) => (m.properties.masterProfile.count = 5), (m) => (m.properties.masterProfile.count = 2), "properties.masterProfile.count: 2 must be one of 1, 3, 5"],
  ["dnsPrefix matches the pattern", (m) => (m.properties.masterProfile.dnsPrefix = "a1-b"), (m) => (m.properties.masterProfile.dnsPrefix = "-bad"),
    'properties.masterProfile.dnsPrefix: "-bad" must match ^[A-Za-z][A-Za-z0-9-]{1,43}[A-Za-z0-9]$'],
  ["pool name matches the pattern", (m) => (pool0(m).name = "pool1"), (m) => (pool0(m).name = "Pool1"), 'properties.agentPoolProfiles[0].name: "Pool1" must match ^[a-z][a-z0-9]{0,11}$'],
  ["pool names are unique", (m) => m.properties.agentPoolProfiles.push({ ...pool0(m), name: "second" }),
    (m) => m.properties.agentPoolProfiles.push({ ...pool0(m) }), 'properties.agentPoolProfiles[1].name: "linuxpool" is not unique'],
  ["pool count is 1..1000", (m) => (pool0(m).count = 1000), (m) => (pool0(m).count = 0), "properties.agentPoolProfiles[0].count: 0 must be an integer from 1 to 1000"],
  ["availabilityProfile is AvailabilitySet", () => {}, (m) => (pool0(m).availabilityProfile = "VirtualMachineScaleSets"),
    'properties.agentPoolProfiles[0].availabilityProfile: must be "AvailabilitySet"'],
  ["accelerated networking is off", (m) => delete pool0(m).AcceleratedNetworkingEnabled, (m) => (pool0(m).AcceleratedNetworkingEnabled = true),
    "properties.agentPoolProfiles[0].AcceleratedNetworkingEnabled: must be false on Azure Stack Hub"],
  ["useCloudControllerManager is true", () => {}, (m) => (k8s(m).useCloudControllerManager = false),
    "properties.orchestratorProfile.kubernetesConfig.useCloudControllerManager: must be true"],
  ["containerRuntime is not docker", (m) => delete k8s(m).containerRuntime, (m) => (k8s(m).containerRuntime = "docker"),
    'properties.orchestratorProfile.kubernetesConfig.containerRuntime: "docker" is not supported; use containerd'],
  ["useInstanceMetadata is not true", (m) => delete k8s(m).useInstanceMetadata, (m) => (k8s(m).useInstanceMetadata = true),
    "properties.orchestratorProfile.kubernetesConfig.useInstanceMetadata: must not be true on Azure Stack Hub"],
  ["networkPlugin is kubenet or azure", (m) => (k8s(m).networkPlugin = "azure"), (m) => (k8s(m).networkPlugin = "flannel"),
    'properties.orchestratorProfile.kubernetesConfig.networkPlugin: "flannel" must be one of kubenet, azure'],
  ["distro is aks-ubuntu-22.04", () => {}, (m) => (m.properties.masterProfile.distro = "aks-ubuntu-18.04"),
    'properties.masterProfile.distro: "aks-ubuntu-18.04" must be aks-ubuntu-22.04'],
  ["pool distro is aks-ubuntu-22.04", () => {}, (m) => (pool0(m).distro = "ubuntu-16.04"), 'properties.agentPoolProfiles[0].distro: "ubuntu-16.04" must be aks-ubuntu-22.04'],
  ["adminUsername is required", () => {}, (m) => (m.properties.linuxProfile.adminUsername = ""), "properties.linuxProfile.adminUsername: is required"],
  ["an SSH public key is given", () => {}, (m) => (m.properties.linuxProfile.ssh.publicKeys[0].keyData = " "),
    "properties.linuxProfile.ssh.publicKeys[0].keyData: must be a non-empty SSH public key"],
  ["etcdDiskSizeGB is at most 1023", (m) => (k8s(m).etcdDiskSizeGB = "1023"), (m) => (k8s(m).etcdDiskSizeGB = "1024"),
    "properties.orchestratorProfile.kubernetesConfig.etcdDiskSizeGB: 1024 must be from 1 to 1023"],
  ["no service principal secret in the uploaded apimodel, only its placeholder", () => {},
    (m) => (m.properties.servicePrincipalProfile.secret = "planted"),
    "properties.servicePrincipalProfile.secret: must be the placeholder {{clusterClientSecret}}; the secret is filled in on the helper"],
  ["the cluster service principal's client id is a GUID", (m) => (m.properties.servicePrincipalProfile.clientId = "00000000-0000-0000-0000-000000000001"),
    (m) => (m.properties.servicePrincipalProfile.clientId = ""),
    "properties.servicePrincipalProfile.clientId: must be the cluster service principal's client id (a GUID)"],
  ["no Key Vault reference or other service principal field", () => {},
    (m) => (m.properties.servicePrincipalProfile.keyvaultSecretRef = { vaultID: "x", secretName: "y" }),
    "properties.servicePrincipalProfile.keyvaultSecretRef: must not be set"],
];

describe("the apimodel rules of aks-engine-azurestack", () => {
  it("hold for the rendered apimodel of the default configuration", () => {
    expect(apimodelViolations(rendered(), CTX)).toEqual([]);
  });

  it.each(RULES)("%s: kept and broken", (_rule, keep, breakIt, violation) => {
    const kept = rendered();
    keep(kept);
    expect(apimodelViolations(kept, CTX)).toEqual([]);
    const broken = rendered();
    breakIt(broken);
    expect(apimodelViolations(broken, CTX)).toEqual([violation]);
  });

  it("accept the upstream v0.85.0 example once its blanks are filled", () => {
    const example = JSON.parse(readFileSync(path.join(specsDir(), "aks-engine", "kubernetes-azurestack.example.v0.85.0.json"), "utf8"));
    example.location = "redmond";
    example.properties.customCloudProfile.portalURL = "https://portal.redmond.azurestack.contoso.com/";
    example.properties.masterProfile.dnsPrefix = "example";
    example.properties.linuxProfile.ssh.publicKeys[0].keyData = NODE_KEY;
    example.properties.servicePrincipalProfile = { clientId: CLIENT, secret: CLUSTER_SECRET_PLACEHOLDER };
    expect(apimodelViolations(example, CTX)).toEqual([]);
  });
});

describe("the rendered apimodel", () => {
  it("carries the configured cluster and no secret", () => {
    const model = rendered({ masterCount: "5", agentCount: "7", agentPoolName: "workers", networkPlugin: "azure", etcdDiskSizeGB: "512", hubIdentitySystem: "adfs" });
    expect(model.location).toBe("redmond");
    expect(model.properties.masterProfile).toEqual({ count: 5, distro: "aks-ubuntu-22.04", dnsPrefix: "ratings-redmond", vmSize: "Standard_DS2_v2" });
    expect(model.properties.agentPoolProfiles).toEqual([
      { AcceleratedNetworkingEnabled: false, availabilityProfile: "AvailabilitySet", count: 7, distro: "aks-ubuntu-22.04", name: "workers", vmSize: "Standard_DS2_v2" },
    ]);
    expect(model.properties.customCloudProfile).toEqual({ identitySystem: "adfs", portalURL: "https://portal.redmond.azurestack.contoso.com/" });
    expect(k8s(model)).toMatchObject({ networkPlugin: "azure", etcdDiskSizeGB: "512", containerRuntime: "containerd" });
    expect(model.properties.linuxProfile.ssh.publicKeys).toEqual([{ keyData: NODE_KEY }]);
    expect(model.properties.servicePrincipalProfile).toEqual({ clientId: CLIENT, secret: CLUSTER_SECRET_PLACEHOLDER });
    expect(JSON.stringify(model)).not.toContain("planted-client-secret");
  });

  it("is written with sorted keys, so the same config always gives the same bytes", () => {
    const config = stamp();
    const input = apimodelInput(config);
    const text = renderApimodelFile(input);
    expect(text).toBe(renderApimodelFile(input));
    expect(text.endsWith("}\n")).toBe(true);
    const keys = Object.keys(JSON.parse(text).properties);
    expect(keys).toEqual([...keys].sort());
  });

  it("is refused when it breaks a rule, naming the rule", () => {
    const config = stamp();
    expect(() => renderApimodelFile(apimodelInput(config, ""))).toThrow(
      "The rendered aks-engine apimodel breaks aks-engine-azurestack's rules:\n  - properties.linuxProfile.ssh.publicKeys[0].keyData: must be a non-empty SSH public key",
    );
  });
});
