import { generateKeyPairSync } from "crypto";
import { checkStackConfig, parseStackConfig } from "../config/parse";
import { ConfigError } from "../config/reader";
import type { StampConfig } from "../config/types";
import { CLIENT, CREATE_MODE, EXISTING_MODE, GLOBAL, rawConfig, RSA_KEY_PEM, SECRETS, SUBSCRIPTION, TENANT } from "./support/configs";

const CERTIFICATE = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
const pemKey = (type: "ec" | "ed25519") =>
  (type === "ec" ? generateKeyPairSync("ec", { namedCurve: "P-256" }) : generateKeyPairSync("ed25519")).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const EC_KEY = pemKey("ec");
const ED25519_KEY = pemKey("ed25519");
const ENCRYPTED_KEY = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "pfx" }).toString();

function problemsOf(base: Record<string, string>, values: Record<string, string | undefined>, secrets: Record<string, string | undefined> = SECRETS, stack = "stampA"): string[] {
  return checkStackConfig(rawConfig(base, values, secrets, stack)).problems.map((p) => `${p.key}: ${p.message}`);
}

describe("a valid stamp configuration", () => {
  it("in create mode gets every default applied in code", () => {
    const config = parseStackConfig(rawConfig(CREATE_MODE)).config as StampConfig<string>;
    expect(config).toEqual({
      role: "stamp",
      stack: "stampA",
      stampName: "stampa",
      hub: {
        location: "redmond",
        armEndpoint: "https://management.redmond.azurestack.contoso.com",
        metadataHost: "management.redmond.azurestack.contoso.com",
        portalUrl: "https://portal.redmond.azurestack.contoso.com/",
        domain: "azurestack.contoso.com",
        subscriptionId: SUBSCRIPTION,
        tenantId: TENANT,
        clientId: CLIENT,
        identitySystem: "azure_ad",
        disableInstanceDiscovery: false,
        auth: { method: "client_secret", clientSecret: "planted-client-secret" },
        resourceGroup: "aks-helper-rg",
      },
      helper: {
        mode: "create",
        vmSize: "Standard_DS2_v2",
        image: { publisher: "Canonical", offer: "0001-com-ubuntu-server-jammy", sku: "22_04-lts", version: "latest" },
        adminUsername: "azureuser",
        vnetCidr: "10.100.0.0/16",
        subnetCidr: "10.100.0.0/24",
        sshSourceRanges: ["203.0.113.0/24"],
        dnsLabel: "stampa-helper",
        workDir: "/home/azureuser/azs-ha/stampa",
        ssh: { dialErrorLimit: 30, perDialTimeoutSeconds: 30 },
        generation: 1,
        allowSecretInProcessList: false,
      },
      aksEngine: {
        version: "v0.85.0",
        downloadUrl: "https://github.com/Azure/aks-engine-azurestack/releases/download/v0.85.0/aks-engine-azurestack-v0.85.0-linux-amd64.tar.gz",
      },
      cluster: {
        dnsPrefix: "ratings-redmond",
        resourceGroup: "ratings-redmond-rg",
        kubernetesVersion: "1.33.10",
        kubernetesMinor: "1.33",
        masterCount: 3,
        masterVmSize: "Standard_DS2_v2",
        agentPool: { name: "linuxpool", count: 3, vmSize: "Standard_DS2_v2" },
        nodeAdminUsername: "azureuser",
        networkPlugin: "kubenet",
        containerRuntime: "containerd",
        distro: "aks-ubuntu-22.04",
        deployPollSeconds: 30,
        deployMaxWaitMinutes: 180,
        nodeImageRefresh: "",
        protect: true,
      },
      // with client_secret sign-in, the cluster's cloud provider uses the same service principal
      clusterServicePrincipal: { clientId: CLIENT, clientSecret: "planted-client-secret" },
      ingress: { kind: "nginx", chartVersion: "2.7.2", replicas: 2 },
      monitoring: { enabled: true, chartVersion: "3.1.28", workspace: { fromStack: "organization/azs-ha-kubernetes/global" } },
      app: {
        namespace: "ratings",
        podSecurityLevel: "restricted",
        webImage: "heoelri/demo-rating-web:latest",
        apiImage: "heoelri/demo-rating-api:latest",
        mongo: { image: "mongo:4.4", replicas: 3, storageSize: "8Gi" },
        hpa: { minReplicas: 2, maxReplicas: 10, cpuPercent: 80 },
      },
    });
  });

  it("in existing mode uses the given host, user, key and pinned host key, and no ARM settings", () => {
    const hostKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostKeyOfTheExistingHelper";
    const { config, warnings } = parseStackConfig(
      rawConfig(EXISTING_MODE, { helperHostKey: hostKey, helperGeneration: "2" }, { ...SECRETS, helperPrivateKey: "planted-private-key" }),
    );
    expect((config as StampConfig<string>).helper).toEqual({
      mode: "existing",
      host: "helper.redmond.example",
      user: "ops",
      privateKey: "planted-private-key",
      hostKey,
      workDir: "/home/ops/azs-ha/stampa",
      ssh: { dialErrorLimit: 30, perDialTimeoutSeconds: 30 },
      generation: 2,
      allowSecretInProcessList: false,
    });
    expect(warnings).toEqual([]);
  });

  it("in existing mode without a host key is accepted only with the explicit opt-in, with a warning that says how to pin it", () => {
    const { warnings } = parseStackConfig(rawConfig(EXISTING_MODE, { helperHostKey: undefined, helperAllowUnverifiedHostKey: "true" }, { ...SECRETS, helperPrivateKey: "k" }));
    expect(warnings).toEqual([
      "helperHostKey is not set and helperAllowUnverifiedHostKey is true: the existing helper's SSH host key is not verified on any connection. Pin it with: pulumi config set helperHostKey \"$(ssh-keyscan -t ed25519 helper.redmond.example | cut -d' ' -f2-)\"",
    ]);
  });

  it("with the guide's single web pod or a single MongoDB member is accepted, with a warning that it is not drain-safe and what to set", () => {
    const { config, warnings } = parseStackConfig(rawConfig(CREATE_MODE, { appHpaMinReplicas: "1", appMongoReplicas: "1" }));
    expect((config as StampConfig<string>).app).toMatchObject({ hpa: { minReplicas: 1 }, mongo: { replicas: 1 } });
    expect(warnings).toEqual([
      "appMongoReplicas is 1: MongoDB is not drain-safe. Every drain of its node (Kubernetes upgrade, node image refresh, scale-down) and every loss " +
        "of that node stops ratings-api's reads and writes until the member has moved and re-attached its volume. Set it to 3 (at most agentCount)",
      "appHpaMinReplicas is 1 (the guide's value): ratings-web is not drain-safe. Every drain of its node (Kubernetes upgrade, node image refresh, " +
        "scale-down) and every loss of that node leaves the stamp without a web pod until a new one has compiled its front end. Set it to 2 or more",
    ]);
    expect(parseStackConfig(rawConfig(CREATE_MODE, { appMongoReplicas: "5", agentCount: "5" })).warnings).toEqual([]);
  });

  it("with certificate sign-in on an AD FS hub keeps the key secret and accepts the tenant `adfs`", () => {
    const config = parseStackConfig(
      rawConfig(
        CREATE_MODE,
        { hubAuthMethod: "client_certificate", hubIdentitySystem: "adfs", hubTenantId: "adfs", hubClientCertificatePath: "./sp.pfx", hubClientCertificatePem: CERTIFICATE },
        { hubClientPrivateKeyPem: RSA_KEY_PEM, hubClientCertificatePassword: "planted-pfx-password", clusterClientSecret: "planted-cluster-secret" },
      ),
    ).config as StampConfig<string>;
    expect(config.hub.tenantId).toBe("adfs");
    expect(config.clusterServicePrincipal).toEqual({ clientId: CLIENT, clientSecret: "planted-cluster-secret" });
    expect(config.hub.auth).toEqual({
      method: "client_certificate",
      certificatePath: "./sp.pfx",
      certificatePem: CERTIFICATE,
      privateKeyPem: RSA_KEY_PEM,
      certificatePassword: "planted-pfx-password",
    });
  });

  it.each(["pkcs1", "pkcs8"] as const)("accepts an RSA certificate key in %s form (what aks-engine's parseRsaPrivateKey reads)", (type) => {
    const key = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type, format: "pem" }).toString();
    const values = { hubAuthMethod: "client_certificate", hubClientCertificatePath: "./sp.pfx", hubClientCertificatePem: CERTIFICATE };
    expect(checkStackConfig(rawConfig(CREATE_MODE, values, { hubClientPrivateKeyPem: key, clusterClientSecret: "s" })).problems).toEqual([]);
  });

  it.each([
    ["1.34", "v0.85.0", "1.34.4"],
    ["1.35.0", "v0.85.0", "1.35.0"],
    [undefined, "v0.84.2", "1.31.13"],
    ["1.33", "v0.84.2", "1.33.5"],
  ])("resolves kubernetesVersion %s with aks-engine %s to %s", (requested, release, expected) => {
    const config = parseStackConfig(rawConfig(CREATE_MODE, { kubernetesVersion: requested, aksEngineVersion: release })).config as StampConfig<string>;
    expect(config.cluster.kubernetesVersion).toBe(expected);
  });

  it("accepts 0.0.0.0/0 for SSH only with the explicit opt-in", () => {
    const config = parseStackConfig(
      rawConfig(CREATE_MODE, { helperSshSourceRanges: '["0.0.0.0/0"]', helperAllowSshFromAnywhere: "true" }),
    ).config as StampConfig<string>;
    expect(config.helper.mode === "create" && config.helper.sshSourceRanges).toEqual(["0.0.0.0/0"]);
  });

  it("takes the monitoring workspace from config instead of the global stack, keeping the key secret", () => {
    const config = parseStackConfig(
      rawConfig(CREATE_MODE, { globalStack: undefined, monitoringWorkspaceId: "6F1A2B3C-4D5E-4F60-8A9B-0C1D2E3F4A5B" }, { ...SECRETS, monitoringWorkspaceKey: "planted-workspace-key" }),
    ).config as StampConfig<string>;
    expect(config.monitoring).toEqual({ enabled: true, chartVersion: "3.1.28", workspace: { id: "6f1a2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b", key: "planted-workspace-key" } });
  });

  it("selects Traefik at its pinned chart version, and turns monitoring off", () => {
    const config = parseStackConfig(rawConfig(CREATE_MODE, { ingressController: "traefik", monitoringEnabled: "false", globalStack: undefined })).config as StampConfig<string>;
    expect(config.ingress).toEqual({ kind: "traefik", chartVersion: "37.1.2", replicas: 2 });
    expect(config.monitoring).toEqual({ enabled: false });
  });

  it("parses a global stack with its defaults", () => {
    expect(parseStackConfig(rawConfig(GLOBAL, {}, {}, "global"))).toEqual({
      config: {
        role: "global",
        stack: "global",
        azure: { subscriptionId: "1b2c3d4e-5f60-4718-9a2b-3c4d5e6f7a8b", location: "westeurope", resourceGroup: "azs-ha-global" },
        workspace: { name: "azs-ha-logs", sku: "PerGB2018", retentionDays: 30 },
        trafficManager: {
          name: "azs-ha-ratings",
          dnsName: "contoso-ratings",
          ttl: 30,
          routingMethod: "Weighted",
          monitor: { protocol: "HTTP", port: 80, path: "/", intervalSeconds: 30, timeoutSeconds: 10, toleratedFailures: 3, expectedStatusCodeRanges: [{ min: 200, max: 299 }] },
          endpoints: [
            { name: "stampa", stack: "organization/azs-ha-kubernetes/stampA", enabled: true, weight: 50 },
            { name: "stampb", stack: "organization/azs-ha-kubernetes/stampB", enabled: true, weight: 50 },
          ],
        },
      },
      warnings: [],
    });
  });
});

const certMode = { hubAuthMethod: "client_certificate" };

// [what is wrong, base, value overrides, secret overrides (undefined: the default secrets), exact problems]
const INVALID: [string, Record<string, string>, Record<string, string | undefined>, Record<string, string | undefined> | undefined, string[]][] = [
  ["role missing", CREATE_MODE, { role: undefined }, undefined, ["role: required; set it with: pulumi config set role <value>"]],
  ["role unknown", CREATE_MODE, { role: "edge" }, undefined, ['role: "edge" is not allowed; allowed values: stamp, global']],
  ["hubLocation missing", CREATE_MODE, { hubLocation: undefined }, undefined, ["hubLocation: required; set it with: pulumi config set hubLocation <value>"]],
  ["hubLocation with spaces", CREATE_MODE, { hubLocation: "Red Mond" }, undefined, ['hubLocation: "Red Mond" is invalid; use the hub\'s region name: lower-case letters and digits']],
  ["ARM endpoint over http", CREATE_MODE, { hubArmEndpoint: "http://management.redmond.azurestack.contoso.com" }, undefined,
    ['hubArmEndpoint: "http://management.redmond.azurestack.contoso.com" must be an https URL, e.g. https://management.redmond.azurestack.contoso.com']],
  ["ARM endpoint not a URL", CREATE_MODE, { hubArmEndpoint: "management.redmond" }, undefined,
    ['hubArmEndpoint: "management.redmond" must be an https URL, e.g. https://management.redmond.azurestack.contoso.com']],
  ["portal URL of another location", CREATE_MODE, { hubPortalUrl: "https://portal.seattle.azurestack.contoso.com/" }, undefined,
    ['hubPortalUrl: "https://portal.seattle.azurestack.contoso.com/" must start with https://portal.redmond. (aks-engine derives the hub\'s endpoints from it)']],
  ["portal URL and ARM endpoint of different hubs", CREATE_MODE, { hubArmEndpoint: "https://management.redmond.other-hub.example" }, undefined,
    ['hubArmEndpoint: "https://management.redmond.other-hub.example" is not the ARM endpoint of the hub whose portal is https://portal.redmond.azurestack.contoso.com/; expected https://management.redmond.azurestack.contoso.com']],
  ["portal URL without a domain", CREATE_MODE, { hubPortalUrl: "https://portal.redmond./" }, undefined,
    ['hubPortalUrl: "https://portal.redmond./" has no domain after https://portal.redmond.; use https://portal.redmond.<hub domain>/']],
  ["an empty value where a default exists", CREATE_MODE, { stampName: " ", helperWorkDir: "" }, undefined, [
    "stampName: is set but empty; give it a value, or remove it to use the default",
    "helperWorkDir: is set but empty; give it a value, or remove it to use the default",
  ]],
  ["plain-http download without a sha256", CREATE_MODE, { aksEngineDownloadUrl: "http://mirror.local/aks-engine-{version}.tar.gz" }, undefined,
    ["aksEngineSha256: required when aksEngineDownloadUrl is plain http (http://mirror.local/aks-engine-{version}.tar.gz); set it with: pulumi config set aksEngineSha256 <sha256 of the archive>"]],
  ["an invalid URL and an invalid sha256, both reported", CREATE_MODE, { aksEngineDownloadUrl: "ftp://mirror/x", aksEngineSha256: "xyz" }, undefined, [
    'aksEngineDownloadUrl: "ftp://mirror/x" must be an http(s) URL without spaces, quotes or $',
    'aksEngineSha256: "xyz" is invalid; must be 64 lower-case hex digits',
  ]],
  ["the internet twice, spelled two ways", CREATE_MODE, { helperSshSourceRanges: '["*","0.0.0.0/0"]', helperAllowSshFromAnywhere: "true" }, undefined,
    ["helperSshSourceRanges: lists a range twice"]],
  ["helper generation zero", CREATE_MODE, { helperGeneration: "0" }, undefined, ["helperGeneration: 0 is out of range; allowed: 1 to 1000000"]],
  ["subscription not a GUID", CREATE_MODE, { hubSubscriptionId: "my-subscription" }, undefined,
    ['hubSubscriptionId: "my-subscription" is invalid; must be a GUID like 00000000-0000-0000-0000-000000000000']],
  ["subscription pasted as its resource id", CREATE_MODE, { hubSubscriptionId: "/subscriptions/6f1a2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b" }, undefined,
    ['hubSubscriptionId: "/subscriptions/6f1a2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b" is invalid; must be a GUID like 00000000-0000-0000-0000-000000000000']],
  ["tenant `adfs` on an Azure AD hub", CREATE_MODE, { hubTenantId: "adfs" }, undefined,
    ['hubTenantId: "adfs" is invalid; must be a GUID like 00000000-0000-0000-0000-000000000000 ("adfs" is accepted when hubIdentitySystem is adfs)']],
  ["client id missing", CREATE_MODE, { hubClientId: undefined }, undefined, ["hubClientId: required; set it with: pulumi config set hubClientId <value>"]],
  ["identity system unknown", CREATE_MODE, { hubIdentitySystem: "ldap" }, undefined, ['hubIdentitySystem: "ldap" is not allowed; allowed values: azure_ad, adfs']],
  ["auth method unknown", CREATE_MODE, { hubAuthMethod: "password" }, undefined, ['hubAuthMethod: "password" is not allowed; allowed values: client_secret, client_certificate']],
  ["client secret missing", CREATE_MODE, {}, {},
    ['hubClientSecret: required when hubAuthMethod is "client_secret"; set it with: pulumi config set --secret hubClientSecret <value>']],
  ["certificate sign-in without its keys, and a stray secret", CREATE_MODE, certMode, undefined, [
    'hubClientSecret: is not used when hubAuthMethod is "client_certificate"; remove it',
    'hubClientCertificatePath: required when hubAuthMethod is "client_certificate"; set it with: pulumi config set hubClientCertificatePath <value>',
    'hubClientCertificatePem: required when hubAuthMethod is "client_certificate"; set it with: pulumi config set hubClientCertificatePem <value>',
    'hubClientPrivateKeyPem: required when hubAuthMethod is "client_certificate"; set it with: pulumi config set --secret hubClientPrivateKeyPem <value>',
  ]],
  ["certificate that is not PEM", CREATE_MODE, { ...certMode, hubClientCertificatePath: "sp.pfx", hubClientCertificatePem: "MIIB..." }, { hubClientPrivateKeyPem: RSA_KEY_PEM, clusterClientSecret: "s" },
    ["hubClientCertificatePem: must be a PEM certificate (-----BEGIN CERTIFICATE----- ...)"]],
  ["certificate key that is not RSA", CREATE_MODE, { ...certMode, hubClientCertificatePath: "sp.pfx", hubClientCertificatePem: CERTIFICATE },
    { hubClientPrivateKeyPem: EC_KEY, clusterClientSecret: "s" },
    ["hubClientPrivateKeyPem: is an ec key; aks-engine-azurestack accepts only RSA private keys (PEM, PKCS#1 or PKCS#8)"]],
  ["certificate key that is Ed25519", CREATE_MODE, { ...certMode, hubClientCertificatePath: "sp.pfx", hubClientCertificatePem: CERTIFICATE },
    { hubClientPrivateKeyPem: ED25519_KEY, clusterClientSecret: "s" },
    ["hubClientPrivateKeyPem: is an ed25519 key; aks-engine-azurestack accepts only RSA private keys (PEM, PKCS#1 or PKCS#8)"]],
  ["certificate key that is encrypted", CREATE_MODE, { ...certMode, hubClientCertificatePath: "sp.pfx", hubClientCertificatePem: CERTIFICATE },
    { hubClientPrivateKeyPem: ENCRYPTED_KEY, clusterClientSecret: "s" },
    ["hubClientPrivateKeyPem: is an encrypted private key; aks-engine-azurestack reads only unencrypted ones (decrypt it with: openssl pkey -in key.pem -out key-plain.pem)"]],
  ["certificate key that is not a PEM key", CREATE_MODE, { ...certMode, hubClientCertificatePath: "sp.pfx", hubClientCertificatePem: CERTIFICATE },
    { hubClientPrivateKeyPem: "MIIEowIBAAKCAQEA", clusterClientSecret: "s" },
    ["hubClientPrivateKeyPem: is not a readable PEM private key; aks-engine-azurestack needs an unencrypted RSA key in PEM form (PKCS#1 or PKCS#8)"]],
  ["a cluster secret with a line break", CREATE_MODE, {}, { hubClientSecret: "first\nsecond" },
    ["hubClientSecret: contains a line break or another control character, which a client secret never has (it is the cluster's service principal secret); set it again with: pulumi config set --secret hubClientSecret <value>"]],
  ["certificate sign-in without a secret for the cluster, with another hub key wrong too", CREATE_MODE,
    { ...certMode, hubClientCertificatePath: "sp.pfx", hubClientCertificatePem: CERTIFICATE, hubSubscriptionId: "nope" }, { hubClientPrivateKeyPem: RSA_KEY_PEM },
    ['hubSubscriptionId: "nope" is invalid; must be a GUID like 00000000-0000-0000-0000-000000000000',
      'clusterClientSecret: required when hubAuthMethod is "client_certificate" (the cluster\'s cloud provider signs in with a secret; aks-engine cannot give it the certificate); set it with: pulumi config set --secret clusterClientSecret <value>']],
  ["certificate sign-in without a secret for the cluster", CREATE_MODE, { ...certMode, hubClientCertificatePath: "sp.pfx", hubClientCertificatePem: CERTIFICATE },
    { hubClientPrivateKeyPem: RSA_KEY_PEM },
    ['clusterClientSecret: required when hubAuthMethod is "client_certificate" (the cluster\'s cloud provider signs in with a secret; aks-engine cannot give it the certificate); set it with: pulumi config set --secret clusterClientSecret <value>']],
  ["a cluster service principal without its secret", CREATE_MODE, { clusterClientId: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" }, undefined,
    ["clusterClientSecret: required when clusterClientId is set; set it with: pulumi config set --secret clusterClientSecret <value>"]],
  ["a cluster service principal id that is not a GUID", CREATE_MODE, { clusterClientId: "cluster-sp" }, { hubClientSecret: "s", clusterClientSecret: "c" },
    ['clusterClientId: "cluster-sp" is invalid; must be a GUID like 00000000-0000-0000-0000-000000000000']],
  ["certificate path set with client_secret", CREATE_MODE, { hubClientCertificatePath: "sp.pfx" }, undefined,
    ['hubClientCertificatePath: is not used when hubAuthMethod is "client_secret"; remove it']],
  ["instance discovery flag not boolean", CREATE_MODE, { hubDisableInstanceDiscovery: "yes" }, undefined,
    ['hubDisableInstanceDiscovery: "yes" is not a boolean; allowed values: true, false']],
  ["root CA not PEM", CREATE_MODE, { hubRootCaPem: "contoso-root" }, undefined, ["hubRootCaPem: must be a PEM certificate (-----BEGIN CERTIFICATE----- ...)"]],
  ["helper resource group missing", CREATE_MODE, { hubResourceGroup: undefined }, undefined,
    ["hubResourceGroup: required (an existing resource group on the hub; the program cannot create resource groups there); set it with: pulumi config set hubResourceGroup <value>"]],
  ["resource group ending in a period", CREATE_MODE, { hubResourceGroup: "helpers." }, undefined,
    ['hubResourceGroup: "helpers." is invalid; use 1-90 letters, digits, _-.() not ending in a period']],
  ["helper mode unknown", CREATE_MODE, { helperMode: "reuse" }, undefined, ['helperMode: "reuse" is not allowed; allowed values: create, existing']],
  ["SSH source ranges missing", CREATE_MODE, { helperSshSourceRanges: undefined }, undefined,
    ['helperSshSourceRanges: required when helperMode is "create" (who may reach the helper over SSH); set it with: pulumi config set helperSshSourceRanges <value>']],
  ["SSH open to the internet without opt-in", CREATE_MODE, { helperSshSourceRanges: '["0.0.0.0/0"]' }, undefined,
    ["helperSshSourceRanges: 0.0.0.0/0 opens SSH to the whole internet; list your own ranges, or set helperAllowSshFromAnywhere to true"]],
  ["an opt-in that is not a boolean is the one problem (the ranges are not judged against a guess)", CREATE_MODE,
    { helperSshSourceRanges: '["0.0.0.0/0"]', helperAllowSshFromAnywhere: "yes" }, undefined,
    ['helperAllowSshFromAnywhere: "yes" is not a boolean; allowed values: true, false']],
  ["SSH range with host bits", CREATE_MODE, { helperSshSourceRanges: '["10.0.0.1/8"]' }, undefined,
    ['helperSshSourceRanges: "10.0.0.1/8" is not an IPv4 address or CIDR (a.b.c.d/n, no host bits)']],
  ["SSH ranges not a list", CREATE_MODE, { helperSshSourceRanges: "203.0.113.0/24" }, undefined,
    ['helperSshSourceRanges: "203.0.113.0/24" is not a list of strings, e.g. ["203.0.113.0/24"]']],
  ["SSH ranges empty", CREATE_MODE, { helperSshSourceRanges: "[]" }, undefined,
    ['helperSshSourceRanges: must not be empty when helperMode is "create" (who may reach the helper over SSH)']],
  ["SSH range listed twice", CREATE_MODE, { helperSshSourceRanges: '["203.0.113.0/24","203.0.113.0/24"]' }, undefined, ["helperSshSourceRanges: lists a range twice"]],
  ["subnet outside the vnet", CREATE_MODE, { helperSubnetCidr: "10.200.0.0/24" }, undefined, ["helperSubnetCidr: 10.200.0.0/24 is not inside helperVnetCidr 10.100.0.0/16"]],
  ["vnet CIDR with a /33", CREATE_MODE, { helperVnetCidr: "10.0.0.0/33" }, undefined,
    ['helperVnetCidr: "10.0.0.0/33" is not a valid IPv4 network in CIDR form (a.b.c.d/n, n <= 29, no host bits)']],
  ["image reference incomplete", CREATE_MODE, { helperImage: "Canonical:UbuntuServer" }, undefined,
    ['helperImage: "Canonical:UbuntuServer" is invalid; use publisher:offer:sku:version, e.g. Canonical:0001-com-ubuntu-server-jammy:22_04-lts:latest']],
  ["image reference with an empty part", CREATE_MODE, { helperImage: "Canonical::22_04-lts:latest" }, undefined,
    ['helperImage: "Canonical::22_04-lts:latest" is invalid; use publisher:offer:sku:version, e.g. Canonical:0001-com-ubuntu-server-jammy:22_04-lts:latest']],
  ["VM size empty-ish", CREATE_MODE, { helperVmSize: "Standard DS2" }, undefined, ['helperVmSize: "Standard DS2" is invalid; use a VM size name like Standard_DS2_v2']],
  ["admin user root", CREATE_MODE, { helperAdminUsername: "root" }, undefined, ['helperAdminUsername: "root" is reserved on Azure Stack Hub VMs; choose another name']],
  ["admin user with spaces", CREATE_MODE, { helperAdminUsername: "Admin User" }, undefined,
    ['helperAdminUsername: "Admin User" is invalid; must match ^[a-z_][a-z0-9_-]{0,31}$']],
  ["existing-mode keys in create mode", CREATE_MODE, { helperHost: "10.0.0.4" }, undefined, ['helperHost: is not used when helperMode is "create"; remove it']],
  ["existing mode without host, user and key", EXISTING_MODE, { helperHost: undefined, helperUser: undefined }, undefined, [
    'helperHost: required when helperMode is "existing"; set it with: pulumi config set helperHost <value>',
    'helperUser: required when helperMode is "existing"; set it with: pulumi config set helperUser <value>',
    'helperPrivateKey: required when helperMode is "existing"; set it with: pulumi config set --secret helperPrivateKey <value>',
  ]],
  ["create-mode keys in existing mode", EXISTING_MODE, { helperSshSourceRanges: '["203.0.113.0/24"]' }, { ...SECRETS, helperPrivateKey: "k" },
    ['helperSshSourceRanges: is not used when helperMode is "existing"; remove it']],
  ["host key with a comment", EXISTING_MODE, { helperHostKey: "ssh-ed25519 AAAAC3Nza me@laptop" }, { ...SECRETS, helperPrivateKey: "k" },
    ['helperHostKey: "ssh-ed25519 AAAAC3Nza me@laptop" is invalid; must be an OpenSSH public key line like `ssh-ed25519 AAAA...` (no comment)']],
  ["work dir relative", CREATE_MODE, { helperWorkDir: "azs-ha" }, undefined, ['helperWorkDir: "azs-ha" is invalid; must be an absolute path of letters, digits and ._-/']],
  ["aks-engine release unknown", CREATE_MODE, { aksEngineVersion: "v0.80.0" }, undefined, ['aksEngineVersion: "v0.80.0" is not allowed; allowed values: v0.84.2, v0.85.0']],
  ["download URL with a quote", CREATE_MODE, { aksEngineDownloadUrl: "https://mirror/x'; rm -rf /" }, undefined,
    ['aksEngineDownloadUrl: "https://mirror/x\'; rm -rf /" must be an http(s) URL without spaces, quotes or $']],
  ["sha256 too short", CREATE_MODE, { aksEngineSha256: "abc123" }, undefined, ['aksEngineSha256: "abc123" is invalid; must be 64 lower-case hex digits']],
  ["Kubernetes minor the release cannot create", CREATE_MODE, { kubernetesVersion: "1.31" }, undefined,
    ['kubernetesVersion: "1.31" is not a version aks-engine-azurestack v0.85.0 knows; it creates 1.33, 1.33.10, 1.34, 1.34.4, 1.35, 1.35.0 and manages 1.31.13, 1.32.9, 1.33.5, 1.33.10, 1.34.4, 1.35.0']],
  ["Kubernetes patch from a newer release", CREATE_MODE, { aksEngineVersion: "v0.84.2", kubernetesVersion: "1.33.10" }, undefined,
    ['kubernetesVersion: "1.33.10" is not a version aks-engine-azurestack v0.84.2 knows; it creates 1.31, 1.31.13, 1.32, 1.32.9, 1.33, 1.33.5 and manages 1.30.14, 1.31.13, 1.32.9, 1.33.5']],
  ["DNS prefix starting with a digit", CREATE_MODE, { clusterDnsPrefix: "1cluster" }, undefined,
    ['clusterDnsPrefix: "1cluster" is invalid; 3-45 letters, digits and hyphens, starting with a letter and not ending with a hyphen']],
  ["DNS prefix ending with a hyphen", CREATE_MODE, { clusterDnsPrefix: "ratings-" }, undefined,
    ['clusterDnsPrefix: "ratings-" is invalid; 3-45 letters, digits and hyphens, starting with a letter and not ending with a hyphen']],
  ["DNS prefix missing", CREATE_MODE, { clusterDnsPrefix: undefined }, undefined, ["clusterDnsPrefix: required; set it with: pulumi config set clusterDnsPrefix <value>"]],
  ["two masters", CREATE_MODE, { masterCount: "2" }, undefined, ["masterCount: 2 is not allowed; allowed values: 1, 3, 5 (1 is not highly available)"]],
  ["master count not a number", CREATE_MODE, { masterCount: "three" }, undefined, ['masterCount: "three" is not an integer']],
  ["no workers", CREATE_MODE, { agentCount: "0" }, undefined, ["agentCount: 0 is out of range; allowed: 1 to 1000"]],
  ["too many workers", CREATE_MODE, { agentCount: "1001" }, undefined, ["agentCount: 1001 is out of range; allowed: 1 to 1000"]],
  ["pool name with capitals", CREATE_MODE, { agentPoolName: "Linux-Pool" }, undefined,
    ['agentPoolName: "Linux-Pool" is invalid; must match ^[a-z][a-z0-9]{0,11}$ (1-12 lower-case letters and digits)']],
  ["pool name too long", CREATE_MODE, { agentPoolName: "linuxpoolabcd" }, undefined,
    ['agentPoolName: "linuxpoolabcd" is invalid; must match ^[a-z][a-z0-9]{0,11}$ (1-12 lower-case letters and digits)']],
  ["network plugin calico", CREATE_MODE, { networkPlugin: "calico" }, undefined, ['networkPlugin: "calico" is not allowed; allowed values: kubenet, azure']],
  ["docker runtime", CREATE_MODE, { containerRuntime: "docker" }, undefined,
    ['containerRuntime: "docker" is not allowed (docker is not supported by aks-engine-azurestack); allowed values: containerd']],
  ["Ubuntu 18.04 nodes", CREATE_MODE, { nodeDistro: "aks-ubuntu-18.04" }, undefined,
    ['nodeDistro: "aks-ubuntu-18.04" is not allowed (aks-engine-azurestack rejects Ubuntu 16.04 and 18.04); allowed values: aks-ubuntu-22.04']],
  ["etcd disk over 1023 GB", CREATE_MODE, { etcdDiskSizeGB: "2048" }, undefined, ["etcdDiskSizeGB: 2048 is out of range; allowed: 1 to 1023"]],
  ["poll interval under the idle-timeout floor", CREATE_MODE, { deployPollSeconds: "5" }, undefined, ["deployPollSeconds: 5 is out of range; allowed: 10 to 60"]],
  ["misspelled key", CREATE_MODE, { hubLocaton: "redmond" }, undefined,
    ["hubLocaton: is not a configuration key of this project (misspelled?); see the README's configuration table"]],
  ["unknown ingress controller", CREATE_MODE, { ingressController: "ingress-nginx" }, undefined,
    ['ingressController: "ingress-nginx" is not allowed; allowed values: nginx, traefik']],
  ["a single ingress replica", CREATE_MODE, { ingressReplicas: "1" }, undefined, ["ingressReplicas: 1 is out of range; allowed: 2 to 10"]],
  ["chart version not semver", CREATE_MODE, { ingressChartVersion: "latest" }, undefined, ['ingressChartVersion: "latest" is invalid; must be a chart version like 2.7.2']],
  ["chart version as a range, which Helm would float", CREATE_MODE, { ingressChartVersion: "^4.12.0" }, undefined, ['ingressChartVersion: "^4.12.0" is invalid; must be a chart version like 2.7.2']],
  ["monitoring without a workspace", CREATE_MODE, { globalStack: undefined }, undefined,
    ["globalStack: required when monitoringEnabled is true (or set monitoringWorkspaceId and monitoringWorkspaceKey); set it with: pulumi config set globalStack <org>/azs-ha-kubernetes/global"]],
  ["both a global stack and a workspace id", CREATE_MODE, { monitoringWorkspaceId: "6f1a2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b" }, undefined,
    ["globalStack: set either globalStack or monitoringWorkspaceId with monitoringWorkspaceKey, not both"]],
  ["a workspace id without its key", CREATE_MODE, { globalStack: undefined, monitoringWorkspaceId: "6f1a2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b" }, undefined,
    ['monitoringWorkspaceKey: required with monitoringWorkspaceId; set it with: pulumi config set --secret monitoringWorkspaceKey <value>']],
  ["global stack name not fully qualified", CREATE_MODE, { globalStack: "global" }, undefined,
    ['globalStack: "global" is invalid; must be a fully qualified stack name like myorg/azs-ha-kubernetes/global']],
  ["workspace settings while monitoring is off", CREATE_MODE, { monitoringEnabled: "false" }, undefined, ["globalStack: is not used when monitoringEnabled is false; remove it"]],
  ["app in kube-system", CREATE_MODE, { appNamespace: "kube-system" }, undefined, ['appNamespace: "kube-system" is reserved; choose the application\'s own namespace']],
  ["app namespace at the privileged Pod Security level", CREATE_MODE, { appPodSecurityLevel: "privileged" }, undefined,
    ['appPodSecurityLevel: "privileged" is not allowed (a privileged or hostPath pod could read the node\'s cloud credentials); allowed values: restricted, baseline']],
  ["node image refresh token with a space", CREATE_MODE, { nodeImageRefresh: "next week" }, undefined,
    ['nodeImageRefresh: "next week" is invalid; use 1-64 letters, digits and ._:- (e.g. 2026-12-02); not "none", which stands for never set']],
  ["node image refresh token none", CREATE_MODE, { nodeImageRefresh: "none" }, undefined,
    ['nodeImageRefresh: "none" is invalid; use 1-64 letters, digits and ._:- (e.g. 2026-12-02); not "none", which stands for never set']],
  ["Pod Security level in capitals", CREATE_MODE, { appPodSecurityLevel: "Restricted" }, undefined,
    ['appPodSecurityLevel: "Restricted" is not allowed (a privileged or hostPath pod could read the node\'s cloud credentials); allowed values: restricted, baseline']],
  ["image with spaces", CREATE_MODE, { appWebImage: "ratings web" }, undefined, ['appWebImage: "ratings web" is invalid; must be an image reference like repository/name:tag']],
  ["storage size without a unit that parses", CREATE_MODE, { appMongoStorageSize: "8 GB" }, undefined, ['appMongoStorageSize: "8 GB" is invalid; must be a Kubernetes quantity like 8Gi']],
  ["a negative storage size (a quantity Kubernetes parses, no volume can have)", CREATE_MODE, { appMongoStorageSize: "-8Gi" }, undefined,
    ['appMongoStorageSize: "-8Gi" is invalid; must be a Kubernetes quantity like 8Gi']],
  ["autoscaler max below min", CREATE_MODE, { appHpaMinReplicas: "5", appHpaMaxReplicas: "3" }, undefined, ["appHpaMaxReplicas: 3 is below appHpaMinReplicas 5"]],
  ["autoscaler target over 100%", CREATE_MODE, { appHpaCpuPercent: "150" }, undefined, ["appHpaCpuPercent: 150 is out of range; allowed: 10 to 100"]],
  ["an even number of MongoDB members", CREATE_MODE, { appMongoReplicas: "2" }, undefined,
    ["appMongoReplicas: 2 is not allowed; allowed values: 1, 3, 5, 7 (an even number of members tolerates no more lost members than one fewer)"]],
  ["more MongoDB voting members than a replica set may have", CREATE_MODE, { appMongoReplicas: "9" }, undefined, ["appMongoReplicas: 9 is out of range; allowed: 1 to 7"]],
  ["more MongoDB members than worker nodes", CREATE_MODE, { appMongoReplicas: "5", agentCount: "3" }, undefined,
    ["appMongoReplicas: 5 members need 5 worker nodes (one member per node), but agentCount is 3; raise agentCount or lower appMongoReplicas"]],
  ["stamp name with an underscore", CREATE_MODE, { stampName: "stamp_a" }, undefined,
    ['stampName: "stamp_a" is invalid; use 2-20 lower-case letters, digits and hyphens, starting with a letter']],
];

describe("an invalid configuration", () => {
  it.each(INVALID)("is reported precisely: %s", (_what, base, values, secrets, expected) => {
    expect(problemsOf(base, values, secrets)).toEqual(expected);
  });

  it("has at least 30 distinct cases", () => {
    expect(new Set(INVALID.map(([what]) => what)).size).toBeGreaterThanOrEqual(30);
  });

  it("reports a stack name that cannot be the stamp name's default", () => {
    expect(problemsOf(CREATE_MODE, {}, SECRETS, "Stamp.A")).toEqual([
      'stampName: the stack name "Stamp.A" is not a usable default; set stampName (2-20 lower-case letters, digits and hyphens)',
    ]);
  });

  it("reports stamp keys set on a global stack", () => {
    expect(problemsOf(GLOBAL, { hubLocation: "redmond" }, {}, "global")).toEqual(["hubLocation: is not used by a global stack; remove it"]);
  });

  it("throws one ConfigError listing every problem, before anything else happens", () => {
    const raw = rawConfig(CREATE_MODE, { masterCount: "2", agentCount: "0", hubIdentitySystem: "ldap" });
    let error: unknown;
    try {
      parseStackConfig(raw);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      [
        'Invalid configuration for stack "stampA" (3 problems):',
        '  - hubIdentitySystem: "ldap" is not allowed; allowed values: azure_ad, adfs',
        "  - masterCount: 2 is not allowed; allowed values: 1, 3, 5 (1 is not highly available)",
        "  - agentCount: 0 is out of range; allowed: 1 to 1000",
      ].join("\n"),
    );
  });
});
