/**
 * The hub stamp's connection: endpoints, tenant, subscription, how Pulumi and aks-engine sign in,
 * and the service principal the cluster's nodes use. Pure, like the rest of config/.
 */
import { createPrivateKey } from "crypto";
import { IDENTITY_SYSTEMS, portalUrlPrefix } from "../aksengine/rules";
import { normalizeLineEndings, originOnlyProblem } from "./guards";
import { GUID, GUID_RULE, REGION, RESOURCE_GROUP, RESOURCE_GROUP_RULE } from "./patterns";
import type { ConfigReader } from "./reader";
import type { ConfigKey } from "./schema";
import type { ClusterServicePrincipal, HubAuth, HubConfig } from "./types";

const CERTIFICATE_KEYS: readonly ConfigKey[] = ["hubClientCertificatePath", "hubClientCertificatePassword", "hubClientCertificatePem", "hubClientPrivateKeyPem"];

const URL_EXAMPLES: Partial<Record<ConfigKey, string>> = {
  hubArmEndpoint: "https://management.redmond.azurestack.contoso.com",
  hubPortalUrl: "https://portal.redmond.azurestack.contoso.com/",
};

function httpsUrl<S>(r: ConfigReader<S>, key: "hubArmEndpoint" | "hubPortalUrl"): URL | undefined {
  const text = r.string(key, { required: true });
  if (text === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== "https:" || url.hostname === "") {
    r.problem(key, `${JSON.stringify(text)} must be an https URL, e.g. https://management.redmond.azurestack.contoso.com`);
    return undefined;
  }
  const extra = originOnlyProblem(text, url, URL_EXAMPLES[key] ?? "");
  if (extra !== undefined) {
    r.problem(key, extra);
    return undefined;
  }
  return url;
}

function guid<S>(r: ConfigReader<S>, key: ConfigKey): string | undefined {
  return r.matching(key, GUID, GUID_RULE, { required: true })?.toLowerCase();
}

/** The hub's endpoints, tenant and subscription, with the sign-in read by `readAuth`. */
export function readHub<S>(r: ConfigReader<S>, auth: HubAuth<S> | undefined): HubConfig<S> | undefined {
  const location = r.matching("hubLocation", REGION, "use the hub's region name: lower-case letters and digits", { required: true });
  const arm = httpsUrl(r, "hubArmEndpoint");
  const portal = httpsUrl(r, "hubPortalUrl");
  let domain: string | undefined;
  if (portal && location) {
    const prefix = portalUrlPrefix(location);
    const rest = portal.hostname.slice(`portal.${location}.`.length);
    if (!portal.href.startsWith(prefix)) {
      r.problem("hubPortalUrl", `${JSON.stringify(portal.href)} must start with ${prefix} (aks-engine derives the hub's endpoints from it)`);
    } else if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(rest)) {
      r.problem("hubPortalUrl", `${JSON.stringify(portal.href)} has no domain after ${prefix}; use https://portal.${location}.<hub domain>/`);
    } else domain = rest;
  }
  // aks-engine derives the hub's ARM endpoint from the portal URL (pkg/api/defaults-custom-cloud-profile.go,
  // SetCustomCloudProfileEnvironment: https://management.<location>.<portal suffix>/); Pulumi uses hubArmEndpoint: one hub.
  if (arm && location && domain && arm.hostname !== `management.${location}.${domain}`) {
    r.problem("hubArmEndpoint", `${JSON.stringify(arm.origin)} is not the ARM endpoint of the hub whose portal is ${portal?.href}; expected https://management.${location}.${domain}`);
    domain = undefined;
  }
  const subscriptionId = guid(r, "hubSubscriptionId");
  const clientId = guid(r, "hubClientId");
  const identitySystem = r.oneOf("hubIdentitySystem", IDENTITY_SYSTEMS);
  // AD FS hubs name their directory tenant "adfs".
  const tenantId =
    identitySystem === "adfs" && r.string("hubTenantId") === "adfs"
      ? "adfs"
      : r.matching("hubTenantId", GUID, `${GUID_RULE} ("adfs" is accepted when hubIdentitySystem is adfs)`, { required: true })?.toLowerCase();
  const disableInstanceDiscovery = r.boolean("hubDisableInstanceDiscovery");
  const rootCaPem = optionalPem(r, "hubRootCaPem");
  if (rootCaPem !== undefined && !rootCaPem.includes("-----BEGIN CERTIFICATE-----")) {
    r.problem("hubRootCaPem", "must be a PEM certificate (-----BEGIN CERTIFICATE----- ...)");
  }
  const resourceGroup = r.matching("hubResourceGroup", RESOURCE_GROUP, RESOURCE_GROUP_RULE, {
    required: true,
    why: " (an existing resource group on the hub; the program cannot create resource groups there)",
  });
  if (!location || !arm || !portal || !domain || !subscriptionId || !tenantId || !clientId || !identitySystem || disableInstanceDiscovery === undefined || !auth || !resourceGroup) {
    return undefined;
  }
  return {
    location, armEndpoint: arm.origin, metadataHost: arm.host, portalUrl: portal.href, domain,
    subscriptionId, tenantId, clientId, identitySystem, disableInstanceDiscovery, auth, resourceGroup,
    ...(rootCaPem !== undefined ? { rootCaPem } : {}),
  };
}

/** PEM text with `\n` line endings: a lone `\r` made cloud-init's YAML invalid (issue 8). */
function optionalPem<S>(r: ConfigReader<S>, key: ConfigKey, opts: { required?: boolean; why?: string } = {}): string | undefined {
  const text = r.string(key, opts);
  return text === undefined ? undefined : normalizeLineEndings(text);
}

/** How Pulumi and aks-engine sign in to the hub; read on its own so its problems never hide behind another key's. */
export function readAuth<S>(r: ConfigReader<S>): HubAuth<S> | undefined {
  const method = r.oneOf("hubAuthMethod", ["client_secret", "client_certificate"] as const);
  if (method === "client_secret") {
    r.unused(CERTIFICATE_KEYS, 'when hubAuthMethod is "client_secret"');
    const clientSecret = r.secret("hubClientSecret", { required: true, why: ' when hubAuthMethod is "client_secret"' });
    return clientSecret === undefined ? undefined : { method, clientSecret };
  }
  if (method === "client_certificate") {
    r.unused(["hubClientSecret"], 'when hubAuthMethod is "client_certificate"');
    const why = ' when hubAuthMethod is "client_certificate"';
    const certificatePath = r.string("hubClientCertificatePath", { required: true, why });
    const certificatePem = optionalPem(r, "hubClientCertificatePem", { required: true, why });
    if (certificatePem !== undefined && !certificatePem.includes("-----BEGIN CERTIFICATE-----")) {
      r.problem("hubClientCertificatePem", "must be a PEM certificate (-----BEGIN CERTIFICATE----- ...)");
    }
    const privateKeyPem = r.secret("hubClientPrivateKeyPem", { required: true, why });
    const keyProblem = privateKeyPem === undefined ? undefined : rsaPrivateKeyProblem(r.secretText("hubClientPrivateKeyPem"));
    if (keyProblem !== undefined) r.problem("hubClientPrivateKeyPem", keyProblem);
    const certificatePassword = r.secret("hubClientCertificatePassword");
    if (certificatePath === undefined || certificatePem === undefined || privateKeyPem === undefined) return undefined;
    return { method, certificatePath, certificatePem, privateKeyPem, ...(certificatePassword !== undefined ? { certificatePassword } : {}) };
  }
  return undefined;
}

/**
 * `deploy` fills the cluster's servicePrincipalProfile from `--client-id/--client-secret` only
 * (cmd/deploy.go, `autofillApimodel`): with certificate sign-in the generated ARM
 * parameters would lack `servicePrincipalClientSecret`, so that case needs its own secret.
 */
export function readClusterServicePrincipal<S>(r: ConfigReader<S>, auth: HubAuth<S> | undefined, hubClientId: string | undefined): ClusterServicePrincipal<S> | undefined {
  const clientIdSet = r.isSet("clusterClientId");
  const clientId = clientIdSet ? guid(r, "clusterClientId") : hubClientId;
  const why =
    auth?.method === "client_certificate"
      ? ' when hubAuthMethod is "client_certificate" (the cluster\'s cloud provider signs in with a secret; aks-engine cannot give it the certificate)'
      : clientIdSet ? " when clusterClientId is set" : undefined;
  const secret = r.secret("clusterClientSecret", { required: why !== undefined, why });
  const clientSecret = secret ?? (auth?.method === "client_secret" ? auth.clientSecret : undefined);
  if (clientSecret === undefined) return undefined;
  // It travels as the first line of the deploy step's stdin and is written into JSON on the helper.
  const sourceKey = secret !== undefined ? "clusterClientSecret" : "hubClientSecret";
  if (/[\u0000-\u001f\u007f]/.test(r.secretText(sourceKey) ?? "")) {
    r.problem(sourceKey, "contains a line break or another control character, which a client secret never has (it is the cluster's service principal secret); set it again with: " +
      `pulumi config set --secret ${sourceKey} <value>`);
    return undefined;
  }
  return clientId === undefined ? undefined : { clientId, clientSecret };
}

/**
 * What is wrong with the certificate's private key for aks-engine, which reads it with
 * x509.ParsePKCS1PrivateKey or ParsePKCS8PrivateKey as an *rsa.PrivateKey (pkg/armhelpers/
 * credentials.go, parseRsaPrivateKey); undefined when it is fine or not known here.
 */
function rsaPrivateKeyProblem(pem: string | undefined): string | undefined {
  if (pem === undefined) return undefined;
  let type: string | undefined;
  try {
    type = createPrivateKey(pem).asymmetricKeyType;
  } catch {
    return /ENCRYPTED/.test(pem)
      ? "is an encrypted private key; aks-engine-azurestack reads only unencrypted ones (decrypt it with: openssl pkey -in key.pem -out key-plain.pem)"
      : "is not a readable PEM private key; aks-engine-azurestack needs an unencrypted RSA key in PEM form (PKCS#1 or PKCS#8)";
  }
  return type === "rsa" ? undefined : `is an ${type} key; aks-engine-azurestack accepts only RSA private keys (PEM, PKCS#1 or PKCS#8)`;
}
