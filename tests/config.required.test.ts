/**
 * The "required" column of the configuration docs (config/schema.ts `requiredWhen`, rendered into
 * Pulumi.yaml and the README) says exactly what the parser requires: for valid configurations of
 * every role, helper mode, sign-in and monitoring choice, removing a key is reported as a missing
 * required key exactly when the schema documents it as required.
 */
import { checkStackConfig } from "../config/parse";
import { CONFIG_KEYS, KeySpec } from "../config/schema";
import { CREATE_MODE, EXISTING_MODE, GLOBAL, rawConfig, RSA_KEY_PEM, SECRETS } from "./support/configs";

const CERTIFICATE = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
type Fixture = [string, Record<string, string>, Record<string, string>];

const FIXTURES: Fixture[] = [
  ["a stamp with a created helper and client-secret sign-in", CREATE_MODE, SECRETS],
  ["a stamp with an existing helper", EXISTING_MODE, { ...SECRETS, helperPrivateKey: "key" }],
  ["a stamp with certificate sign-in",
    { ...CREATE_MODE, hubAuthMethod: "client_certificate", hubClientCertificatePath: "sp.pfx", hubClientCertificatePem: CERTIFICATE },
    { hubClientPrivateKeyPem: RSA_KEY_PEM, clusterClientSecret: "cluster-secret" }],
  ["a stamp with its own cluster service principal", { ...CREATE_MODE, clusterClientId: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" }, { ...SECRETS, clusterClientSecret: "cluster-secret" }],
  ["a stamp with the workspace in config",
    { ...Object.fromEntries(Object.entries(CREATE_MODE).filter(([key]) => key !== "globalStack")), monitoringWorkspaceId: "6f1a2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b" },
    { ...SECRETS, monitoringWorkspaceKey: "workspace-key" }],
  ["a stamp installing aks-engine from a plain-http mirror",
    { ...CREATE_MODE, aksEngineDownloadUrl: "http://mirror.local/aks-engine-{version}.tar.gz", aksEngineSha256: "0".repeat(64) }, SECRETS],
  ["a global stack", GLOBAL, {}],
  ["a global stack with a capacity reservation", { ...GLOBAL, workspaceSku: "CapacityReservation", workspaceCapacityReservationGB: "100" }, {}],
];

/** Keys whose removal from the fixture is reported as that key missing. */
function requiredIn(values: Record<string, string>, secrets: Record<string, string>, stack: string): string[] {
  return [...Object.keys(values), ...Object.keys(secrets)].filter((key) => {
    const without = (record: Record<string, string>) => Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
    return checkStackConfig(rawConfig(without(values), {}, without(secrets), stack)).problems.some((p) => p.key === key && p.missing === true);
  });
}

describe("the documented required keys", () => {
  it.each(FIXTURES)("%s is valid as it stands", (_what, values, secrets) => {
    expect(checkStackConfig(rawConfig(values, {}, secrets, values.role === "global" ? "global" : "stampA")).problems).toEqual([]);
  });

  it("are exactly the keys the parser reports missing, over every fixture", () => {
    const found = new Set(FIXTURES.flatMap(([, values, secrets]) => requiredIn(values, secrets, values.role === "global" ? "global" : "stampA")));
    const documented = (Object.entries(CONFIG_KEYS) as [string, KeySpec][]).filter(([, spec]) => spec.requiredWhen !== undefined).map(([key]) => key);
    expect([...found].sort()).toEqual(documented.sort());
  });
});
