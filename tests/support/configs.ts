/** Valid raw stamp configurations for pure config tests (plain strings stand in for secrets). */
import { generateKeyPairSync } from "crypto";
import type { RawConfig } from "../../config/reader";

/** A certificate sign-in key of the only kind aks-engine reads: unencrypted RSA, PEM. */
export const RSA_KEY_PEM = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();

export const SUBSCRIPTION = "3f2b7c1e-8d4a-4e6b-9c2d-1a5e7f9b3c41";
export const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
export const CLIENT = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

export const CREATE_MODE: Record<string, string> = {
  role: "stamp",
  hubLocation: "redmond",
  hubArmEndpoint: "https://management.redmond.azurestack.contoso.com",
  hubPortalUrl: "https://portal.redmond.azurestack.contoso.com/",
  hubSubscriptionId: SUBSCRIPTION,
  hubTenantId: TENANT,
  hubClientId: CLIENT,
  hubResourceGroup: "aks-helper-rg",
  helperSshSourceRanges: '["203.0.113.0/24"]',
  clusterDnsPrefix: "ratings-redmond",
  globalStack: "organization/azs-ha-kubernetes/global",
};

export const EXISTING_MODE: Record<string, string> = {
  ...Object.fromEntries(Object.entries(CREATE_MODE).filter(([key]) => key !== "helperSshSourceRanges")),
  helperMode: "existing",
  helperHost: "helper.redmond.example",
  helperUser: "ops",
  // Pinned: an existing helper without a host key is refused unless helperAllowUnverifiedHostKey is true.
  helperHostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostKeyOfTheExistingHelper",
};

export const GLOBAL: Record<string, string> = {
  role: "global",
  azureSubscriptionId: "1b2c3d4e-5f60-4718-9a2b-3c4d5e6f7a8b",
  azureLocation: "westeurope",
  trafficManagerDnsName: "contoso-ratings",
  trafficManagerEndpoints: JSON.stringify([
    { stack: "organization/azs-ha-kubernetes/stampA", weight: 50 },
    { stack: "organization/azs-ha-kubernetes/stampB", weight: 50 },
  ]),
};

export const SECRETS: Record<string, string> = { hubClientSecret: "planted-client-secret" };

/**
 * A raw config: `values` override the base (undefined removes a key), `secrets` likewise.
 * Every key set is reported as present, as the loader does.
 */
export function rawConfig(
  base: Record<string, string>,
  values: Record<string, string | undefined> = {},
  secrets: Record<string, string | undefined> = SECRETS,
  stack = "stampA",
): RawConfig<string> {
  const merged = strip({ ...base, ...values });
  const secretValues = strip(secrets);
  return { stack, values: merged, secrets: secretValues, secretTexts: secretValues, presentKeys: [...Object.keys(merged), ...Object.keys(secretValues)] };
}

function strip(record: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as Record<string, string>;
}
