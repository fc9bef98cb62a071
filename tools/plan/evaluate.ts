/**
 * Evaluates the program for one stack under Pulumi's mock runtime and returns the offline
 * plan (DESIGN.md section 10). Used by `npm run plan` and by the tests, so reviewers and
 * tests see the same thing. Load this module in a fresh module registry per evaluation:
 * the Pulumi runtime keeps process-wide state.
 */
import { mockCall, MockResourceArgs, mockResource, MockWorld, StackReferenceFixture } from "./mocks";
import { recordRegistrations, RegistrationRecord, ResourceOptionsRecord } from "./recorder";
import { referenceSource } from "./fileRefs";

export interface EvaluateOptions {
  readonly project: string;
  readonly stack: string;
  /** Un-namespaced config keys to raw values (strings; JSON text for arrays). */
  readonly config: Readonly<Record<string, string>>;
  readonly secretKeys: readonly string[];
  readonly stackReferences: Readonly<Record<string, StackReferenceFixture>>;
  readonly preview?: boolean;
  /** Show secret values (only ever placeholders and mock values) instead of "[secret]". */
  readonly showSecrets?: boolean;
  /** Receives the errors the mocks throw at the runtime (see MockWorld.failures). */
  readonly failures?: Error[];
  /** Receives the names of the secret outputs (a stack-reference fixture of this stack lists them). */
  readonly secretOutputs?: string[];
}

export interface PlanResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent: string | null;
  readonly provider: string | null;
  readonly dependsOn: string[];
  readonly inputs: Record<string, unknown>;
  readonly secretInputs: string[];
  readonly options: ResourceOptionsRecord;
}

export interface Plan {
  readonly stack: string;
  readonly project: string;
  readonly role: string;
  readonly resources: PlanResource[];
  readonly outputs: Record<string, unknown>;
  readonly files: Record<string, unknown>;
}

export const SECRET = "[secret]";
export const UNKNOWN = "[unknown]";

interface WireSignatures {
  readonly key: string;
  readonly secret: string;
  readonly asset: string;
  readonly archive: string;
  readonly resource: string;
  readonly unknown: string;
}

/** Turns wire-form values into plan values, noting the path of every secret. */
function normalize(value: unknown, at: string, sig: WireSignatures, secrets: string[], showSecrets: boolean): unknown {
  if (value === sig.unknown) return UNKNOWN;
  if (Array.isArray(value)) return value.map((v, i) => normalize(v, `${at}[${i}]`, sig, secrets, showSecrets));
  if (value === null || typeof value !== "object") return value;
  const object = value as Record<string, unknown>;
  switch (object[sig.key]) {
    case sig.secret:
      secrets.push(at);
      return showSecrets ? normalize(object.value, at, sig, [], true) : SECRET;
    case sig.asset:
    case sig.archive:
      return normalize({ text: object.text, path: object.path, uri: object.uri, assets: object.assets }, at, sig, secrets, showSecrets);
    case sig.resource:
      return object.urn;
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(object)) {
    if (v !== undefined) out[key] = normalize(v, at ? `${at}.${key}` : key, sig, secrets, showSecrets);
  }
  return out;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- Output internals: promise() and isSecret */
async function resolveOutput(pulumi: typeof import("@pulumi/pulumi"), value: unknown, showSecrets: boolean, onSecret: () => void): Promise<unknown> {
  const output: any = pulumi.output(value);
  const [known, secret] = await Promise.all([output.isKnown, output.isSecret]);
  if (!known) return UNKNOWN;
  if (secret) onSecret();
  if (secret && !showSecrets) return SECRET;
  const resolved = await output.promise();
  return resolved === undefined ? null : resolved;
}

async function settle(pulumi: typeof import("@pulumi/pulumi"), records: RegistrationRecord[]): Promise<void> {
  // Registrations can trail the outputs; wait until the RPC queue is empty and nothing new arrives.
  let seen = -1;
  while (seen !== records.length) {
    seen = records.length;
    await (pulumi.runtime as any).waitForRPCs();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export async function evaluateStack(options: EvaluateOptions): Promise<Plan> {
  const pulumi = await import("@pulumi/pulumi");
  const showSecrets = options.showSecrets ?? false;
  const namespaced: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.config)) namespaced[`${options.project}:${key}`] = value;
  pulumi.runtime.setAllConfig(namespaced, options.secretKeys.map((key) => `${options.project}:${key}`));
  const world: MockWorld = {
    stackReferences: options.stackReferences,
    preview: options.preview ?? false,
    currentStack: `organization/${options.project}/${options.stack}`,
    unknown: pulumi.runtime.unknownValue,
    failures: options.failures,
    helperFiles: new Map(),
    installedReleases: new Map(),
    workspaces: new Set(),
  };
  // A copy to the helper is remembered, so a later step's mock output can follow what was uploaded.
  const remember = async (args: MockResourceArgs) => {
    const source = args.inputs.source as { text?: Promise<string> } | undefined;
    if (args.type === "command:remote:CopyToRemote" && source?.text) world.helperFiles.set(String(args.inputs.remotePath), await source.text);
  };
  await pulumi.runtime.setMocks(
    { newResource: async (args) => (await remember(args), mockResource(args, world)), call: (args) => mockCall(args, world) },
    options.project,
    options.stack,
    options.preview ?? false,
    "organization",
  );
  const records = recordRegistrations(pulumi);

  // The program must load after setMocks, so it is required here rather than imported. The path is
  // a literal so that dependency tools see it: jest's findRelatedTests (which Stryker uses to pick
  // the tests for a mutant) follows only literal require paths, and without one no plan test counted
  // as related to any module reached only through the program.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const program = require("../../index");
  // The program exports an async function returning the outputs, as Pulumi's Node.js runtime expects.
  const exported: Record<string, unknown> = typeof program === "function" ? await program() : program;
  const outputs: Record<string, unknown> = {};
  for (const key of Object.keys(exported).sort()) outputs[key] = await resolveOutput(pulumi, exported[key], showSecrets, () => options.secretOutputs?.push(key));
  await settle(pulumi, records);

  const sig: WireSignatures = {
    key: pulumi.runtime.specialSigKey,
    secret: pulumi.runtime.specialSecretSig,
    asset: pulumi.runtime.specialAssetSig,
    archive: pulumi.runtime.specialArchiveSig,
    resource: pulumi.runtime.specialResourceSig,
    unknown: pulumi.runtime.unknownValue,
  };
  const files: Record<string, unknown> = {};
  const resources = records
    .map((record): PlanResource => {
      const secretInputs: string[] = [];
      // A read shows the id it reads as `inputs.id`: that is what a reviewer needs to see of it.
      const wire = record.readId !== undefined ? { ...record.inputs, id: record.readId } : record.inputs;
      const normalized = normalize(wire, "", sig, secretInputs, showSecrets) as Record<string, unknown>;
      if (record.type === "command:remote:CopyToRemote") {
        const source = normalized.source;
        files[String(normalized.remotePath)] = source !== null && typeof source === "object" ? (source as Record<string, unknown>).text : source;
      }
      // The file's text is kept once, in `files`; the copy step refers to it (tools/plan/fileRefs.ts).
      const inputs = referenceSource(record.type, normalized);
      const { urn, type, name, parent, provider, dependsOn, options: resourceOptions } = record;
      return { urn, type, name, parent, provider, dependsOn, inputs, secretInputs: secretInputs.sort(), options: resourceOptions };
    })
    .sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));

  return { stack: options.stack, project: options.project, role: options.config.role ?? "", resources, outputs, files };
}
