/**
 * Secret hygiene over whole plans: planted secret values and generated private keys appear
 * only in inputs the engine treats as secret, never in command text, files, plain inputs or
 * outputs; commands whose output is secret neither log nor expose it.
 */
import type { Plan } from "../tools/plan/evaluate";
import { byName, planStack } from "./support/plan";
import { RSA_KEY_PEM } from "./support/configs";

const PLANTED = {
  hubClientSecret: "PLANTED-client-secret-0001",
  helperPrivateKey: "PLANTED-helper-private-key-0002",
  // PEM readers skip text before the BEGIN line: the marker rides along with a real RSA key.
  hubClientPrivateKeyPem: `PLANTED-client-key-pem-0003\n${RSA_KEY_PEM}`,
  hubClientCertificatePassword: "PLANTED-pfx-password-0004",
  monitoringWorkspaceKey: "PLANTED-workspace-key-0005",
  clusterClientSecret: "PLANTED-cluster-secret-0006",
};
const PLANTED_VALUES = Object.values(PLANTED);
// What the mocks return as generated keys, passwords and tokens: secrets of the program's own making.
const GENERATED = ["mock-private-key-of-", "mock-password-of-", "mock-token-of-"];

/** Every path at which `needle` occurs in a string value, with the value's path. */
function occurrences(value: unknown, needle: string, at = ""): string[] {
  if (typeof value === "string") return value.includes(needle) ? [at] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => occurrences(v, needle, `${at}[${i}]`));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => occurrences(v, needle, at ? `${at}.${k}` : k));
  }
  return [];
}

/** Inside a secret input, a value may occur at or below the secret's path. */
function coveredBy(path: string, secretPaths: string[]): boolean {
  return secretPaths.some((s) => path === s || path.startsWith(`${s}.`) || path.startsWith(`${s}[`));
}

const CONFIGS: [string, string, Parameters<typeof planStack>[1]][] = [
  ["stampA (client secret, created helper)", "stampA", { secrets: { hubClientSecret: PLANTED.hubClientSecret } }],
  ["stampA with the workspace key in config", "stampA", {
    values: { globalStack: undefined, monitoringWorkspaceId: "6f1a2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b" },
    secrets: { hubClientSecret: PLANTED.hubClientSecret, monitoringWorkspaceKey: PLANTED.monitoringWorkspaceKey },
  }],
  ["stampB (certificate sign-in)", "stampB", {
    secrets: { hubClientPrivateKeyPem: PLANTED.hubClientPrivateKeyPem, hubClientCertificatePassword: PLANTED.hubClientCertificatePassword, clusterClientSecret: PLANTED.clusterClientSecret },
  }],
  ["stampA with an existing helper", "stampA", {
    values: { helperMode: "existing", helperHost: "10.20.30.40", helperUser: "ops", helperHostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExisting", helperSshSourceRanges: undefined },
    secrets: { hubClientSecret: PLANTED.hubClientSecret, helperPrivateKey: PLANTED.helperPrivateKey },
  }],
];

describe.each(CONFIGS)("secret hygiene of %s", (_what, stack, options) => {
  let hidden: Plan;
  let shown: Plan;
  beforeAll(async () => {
    hidden = await planStack(stack, options);
    shown = await planStack(stack, { ...options, showSecrets: true });
  });

  it("plans without any planted secret or generated key anywhere in the plan", () => {
    const json = JSON.stringify(hidden);
    for (const needle of [...PLANTED_VALUES, ...GENERATED]) expect({ needle, found: json.includes(needle) }).toEqual({ needle, found: false });
  });

  it("carries planted secrets and generated keys only in inputs marked secret", () => {
    let carried = 0;
    for (const resource of shown.resources) {
      for (const needle of [...PLANTED_VALUES, ...GENERATED]) {
        for (const path of occurrences(resource.inputs, needle)) {
          carried++;
          expect({ resource: resource.name, path, secret: coveredBy(path, resource.secretInputs) }).toEqual({ resource: resource.name, path, secret: true });
        }
      }
      for (const command of ["create", "update", "delete"]) {
        const text = (resource.inputs as Record<string, unknown>)[command];
        if (typeof text === "string") for (const needle of PLANTED_VALUES) expect(text).not.toContain(needle);
      }
    }
    expect(carried).toBeGreaterThan(0); // the planted values did reach the resources that need them
    // (Outputs: secret ones are shown here by design; the plan without --show-secrets has none of these values.)
    for (const needle of [...PLANTED_VALUES, ...GENERATED]) expect(occurrences(shown.files, needle)).toEqual([]);
  });

  it("keeps the kubeconfigs, SSH keys and the apimodel backup secret; the backup step neither logs nor exposes it", () => {
    for (const output of ["kubeconfig", "deployerKubeconfig", "apimodelBackup", "nodeSshPrivateKey"]) expect({ output, value: hidden.outputs[output] }).toEqual({ output, value: "[secret]" });
    // An existing helper's key is the operator's own: the stack does not hand it out again.
    expect(hidden.outputs.helperSshPrivateKey).toBe(options?.values?.helperMode === "existing" ? null : "[secret]");
    const command = byName(hidden, `${hidden.outputs.stampName}-cluster-apimodel-backup`);
    expect(command.inputs).toMatchObject({ logging: "none", addPreviousOutputInEnv: false });
    expect(command.options.additionalSecretOutputs).toContain("stdout");
  });

  it("hands deploy the cluster's service principal secret and aks-engine's credential on stdin only", () => {
    const deploy = byName(shown, `${shown.outputs.stampName}-cluster-deploy`);
    expect(deploy.secretInputs).toContain("stdin");
    // first line: the cluster's secret (with client-secret sign-in the same secret); then aks-engine's own credential
    const expected = stack === "stampB" ? `${PLANTED.clusterClientSecret}\n${PLANTED.hubClientPrivateKeyPem}` : `${PLANTED.hubClientSecret}\n${PLANTED.hubClientSecret}`;
    expect((deploy.inputs as Record<string, unknown>).stdin).toBe(expected);
    expect((deploy.inputs as Record<string, unknown>).environment).toBeUndefined();
  });
});
