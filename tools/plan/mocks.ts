/**
 * Deterministic mock resource state for offline evaluation: the same inputs always give the
 * same ids and outputs, so two plans of one stack are byte-identical. Key material and
 * command output are recognisable placeholders, never real values.
 */
import { createHash } from "crypto";

export interface StackReferenceFixture {
  readonly outputs: Record<string, unknown>;
  readonly secretOutputNames?: readonly string[];
}

export interface MockResourceArgs {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  readonly id?: string;
}

function digest(text: string, length = 24): string {
  return createHash("sha256").update(text).digest("base64").replace(/[^A-Za-z0-9]/g, "").slice(0, length);
}

function armId(inputs: Record<string, unknown>): string {
  return [
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups",
    inputs.resourceGroupName,
    "providers",
    inputs.resourceProviderNamespace,
    inputs.resourceType,
    inputs.resourceName,
  ].join("/");
}

function privateKeyState(name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  const rsa = inputs.algorithm === "RSA";
  const fingerprint = digest(name, 43);
  const publicKeyOpenssh = rsa ? `ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAACAQ${fingerprint}\n` : `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${fingerprint}\n`;
  const privateKey = (label: string) => `-----BEGIN ${label}-----\nmock-private-key-of-${name}\n-----END ${label}-----\n`;
  return {
    publicKeyOpenssh,
    publicKeyPem: `-----BEGIN PUBLIC KEY-----\nmock-public-key-of-${name}\n-----END PUBLIC KEY-----\n`,
    privateKeyOpenssh: privateKey("OPENSSH PRIVATE KEY"),
    privateKeyPem: privateKey(rsa ? "RSA PRIVATE KEY" : "PRIVATE KEY"),
    publicKeyFingerprintSha256: `SHA256:${fingerprint}`,
  };
}

/**
 * In preview, as for resources the engine would create, only the inputs are known: ids and
 * outputs stay unknown, so preview-only code paths are exercised. Stack references are reads
 * and resolve in preview too.
 */
export function mockResource(
  args: MockResourceArgs,
  stackReferences: Readonly<Record<string, StackReferenceFixture>>,
  preview = false,
): { id: string; state: Record<string, unknown> } {
  const { type, name, inputs } = args;
  if (preview && type !== "pulumi:pulumi:StackReference") return { id: "", state: { ...inputs } };
  switch (type) {
    case "pulumi:pulumi:StackReference": {
      const stack = String(inputs.name);
      const fixture = stackReferences[stack] ?? { outputs: {} };
      return { id: stack, state: { name: stack, outputs: fixture.outputs, secretOutputNames: [...(fixture.secretOutputNames ?? [])] } };
    }
    case "azure-native:resources:Resource":
      return { id: armId(inputs), state: { ...inputs, name: inputs.resourceName } };
    case "tls:index/privateKey:PrivateKey":
      return { id: `${name}-id`, state: { ...inputs, ...privateKeyState(name, inputs) } };
    case "command:remote:Command":
      return { id: `${name}-id`, state: { ...inputs, stdout: `<stdout of ${name}>`, stderr: "" } };
    default:
      return { id: `${name}-id`, state: { ...inputs } };
  }
}
