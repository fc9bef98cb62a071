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

/** The outputs of a tls PrivateKey that the program reads (its OpenSSH forms), distinct per resource. */
function privateKeyState(name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  const body = createHash("sha256").update(name).digest("hex");
  const publicKeyOpenssh = inputs.algorithm === "RSA" ? `ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAACAQ${body}\n` : `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${body}\n`;
  return { publicKeyOpenssh, privateKeyOpenssh: `-----BEGIN OPENSSH PRIVATE KEY-----\nmock-private-key-of-${name}\n-----END OPENSSH PRIVATE KEY-----\n` };
}

/**
 * In preview, as for resources the engine would create, only the inputs are known: ids and
 * outputs stay unknown, so preview-only code paths are exercised. Stack references are reads
 * and resolve in preview too.
 */
function mockGuid(text: string): string {
  const hex = createHash("sha256").update(text).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Results of provider functions (invokes) the program calls. Workspaces_GetSharedKeys of a
 * workspace that does not exist yet fails as ARM answers it (404 ResourceNotFound), so a program
 * that calls it before the workspace is created fails here as on a first `pulumi up`. (The SDK
 * holds an output-form invoke until the resources in its `dependsOn` have ids:
 * @pulumi/pulumi runtime/invoke.js `invokeAsync`.)
 */
export function mockCall(args: { token: string; inputs: Record<string, unknown> }, world: MockWorld): Record<string, unknown> {
  if (args.token === "azure-native:operationalinsights:getSharedKeys") {
    const workspace = String(args.inputs.workspaceName);
    if (!world.workspaces.has(workspace)) {
      const error = new Error(`ResourceNotFound: the Log Analytics workspace ${workspace} does not exist yet (getSharedKeys called before it is created)`);
      world.failures?.push(error);
      throw error;
    }
    return { primarySharedKey: `mock-workspace-key-of-${workspace}`, secondarySharedKey: `mock-workspace-key-2-of-${workspace}` };
  }
  return args.inputs;
}

function digestNumber(text: string): number {
  return createHash("sha256").update(text).digest().readUInt32BE(0);
}

/**
 * What read-apimodel.sh prints after a deploy: the uploaded apimodel as aks-engine-azurestack
 * generates it (plus mock certificates and the hub's endpoints, as `deploy` adds them; the cluster
 * secret in place of its placeholder), with the release the install step installed. So the
 * kubeconfig and `clusterState` the program derives from it follow the configuration.
 */
function generatedApimodel(name: string, create: string, world: MockWorld): string {
  const workDir = /read-apimodel\.sh --work (\S+)/.exec(create)?.[1] ?? "";
  const model = JSON.parse(world.helperFiles.get(`${workDir}/cluster/apimodel.input.json`) ?? "{}") as { location?: string; properties?: Record<string, any> };
  const properties = model.properties ?? {};
  const mock = (what: string) => `-----BEGIN MOCK-----\nmock-${what}-of-${name}\n-----END MOCK-----\n`;
  const domain = /^https:\/\/portal\.[^.]+\.([^/]+)/.exec(String(properties.customCloudProfile?.portalURL ?? ""))?.[1] ?? "mock";
  properties.certificateProfile = { caCertificate: mock("ca"), kubeConfigCertificate: mock("admin-certificate"), kubeConfigPrivateKey: mock("private-key") };
  properties.customCloudProfile = { ...properties.customCloudProfile, environment: { name: "AzureStackCloud", resourceManagerVMDNSSuffix: `cloudapp.${domain}` } };
  if (properties.servicePrincipalProfile) properties.servicePrincipalProfile = { ...properties.servicePrincipalProfile, secret: `mock-cluster-secret-of-${name}` };
  return JSON.stringify({ aksEngineRelease: world.installedReleases.get(workDir) ?? "v0.0.0", apimodel: { ...model, properties } });
}

/** The backup step gets a generated apimodel; others a placeholder (and the install step is remembered). */
function commandStdout(name: string, inputs: Record<string, unknown>, world: MockWorld): string {
  const create = String(inputs.create ?? "");
  const install = /install-aks-engine\.sh --work (\S+) --version (\S+)/.exec(create);
  if (install) world.installedReleases.set(install[1], install[2]);
  if (create.includes("read-apimodel.sh")) return generatedApimodel(name, create, world);
  return `<stdout of ${name}>`;
}

export interface MockWorld {
  readonly stackReferences: Readonly<Record<string, StackReferenceFixture>>;
  readonly preview: boolean;
  /** Fully qualified name of the stack being evaluated: it exists, even when the fixture omits it. */
  readonly currentStack: string;
  /** Pulumi's marker of an unknown value. */
  readonly unknown: string;
  /** What the plan has put on helpers so far: remote path to text (recorded by evaluate.ts). */
  readonly helperFiles: Map<string, string>;
  /** Work directory to the aks-engine-azurestack release its install step installs. */
  readonly installedReleases: Map<string, string>;
  /** Names of the Log Analytics workspaces created so far. */
  readonly workspaces: Set<string>;
  /**
   * Collects the errors thrown at the runtime (an unknown stack, a workspace read before it exists):
   * it wraps them in its own messages, and outside a test in unhandled rejections, so the plan CLI
   * reports these instead.
   */
  readonly failures?: Error[];
}

/** Pulumi fails a reference to a stack that does not exist; the offline plan knows the stacks of its fixture. */
export function unknownStackError(stack: string): Error {
  return new Error(
    `unknown stack "${stack}": the offline plan's stack references (tools/plan/stack-references.json, or the file given with ` +
      `--stack-references <file>) do not list it; add it with its outputs to a copy of that file, and pass the copy with --stack-references <file>`,
  );
}

/** What the Kubernetes provider uses as a resource's id: `<namespace>/<name>`, or the name. */
function kubernetesId(name: string, inputs: Record<string, unknown>): string {
  const metadata = (inputs.metadata ?? {}) as { name?: string; namespace?: string };
  if (!metadata.name) return `${name}-id`;
  return metadata.namespace ? `${metadata.namespace}/${metadata.name}` : metadata.name;
}

/**
 * As the engine does: in preview, resources it would create have only their inputs (ids and
 * outputs unknown), and so do reads of an id that is itself unknown; other reads resolve.
 */
export function mockResource(args: MockResourceArgs, world: MockWorld): { id: string; state: Record<string, unknown> } {
  const { type, name, inputs } = args;
  const read = Boolean(args.id) && !String(args.id).includes(world.unknown);
  if (world.preview && !read) return { id: "", state: { ...inputs } };
  switch (type) {
    case "pulumi:pulumi:StackReference": {
      const stack = String(inputs.name);
      const fixture = world.stackReferences[stack] ?? (stack === world.currentStack ? { outputs: {} } : undefined);
      if (!fixture) {
        const error = unknownStackError(stack);
        world.failures?.push(error);
        throw error;
      }
      return { id: stack, state: { name: stack, outputs: fixture.outputs, secretOutputNames: [...(fixture.secretOutputNames ?? [])] } };
    }
    case "kubernetes:helm.sh/v3:Release":
      return { id: `${inputs.namespace}/${inputs.name}`, state: { ...inputs, status: { name: inputs.name, namespace: inputs.namespace, chart: inputs.chart, version: inputs.version, status: "deployed" } } };
    case "azure-native:resources:Resource":
      return { id: armId(inputs), state: { ...inputs, name: inputs.resourceName } };
    case "azure-native:resources:ResourceGroup":
      return { id: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/${inputs.resourceGroupName}`, state: { ...inputs, name: inputs.resourceGroupName } };
    case "azure-native:operationalinsights:Workspace":
      world.workspaces.add(String(inputs.workspaceName));
      return { id: `${name}-id`, state: { ...inputs, name: inputs.workspaceName, customerId: mockGuid(`customer-id-of-${name}`) } };
    case "tls:index/privateKey:PrivateKey":
      return { id: `${name}-id`, state: { ...inputs, ...privateKeyState(name, inputs) } };
    case "command:remote:Command":
      return { id: `${name}-id`, state: { ...inputs, stdout: commandStdout(name, inputs, world), stderr: "" } };
    case "random:index/randomPassword:RandomPassword":
      return { id: `${name}-id`, state: { ...inputs, result: `mock-password-of-${name}` } };
    case "kubernetes:core/v1:Service":
      // A read-back after a Helm release: the LoadBalancer address the hub assigned (TEST-NET-1).
      return read
        ? { id: args.id as string, state: { ...inputs, status: { loadBalancer: { ingress: [{ ip: `192.0.2.${(digestNumber(name) % 250) + 1}` }] } } } }
        : { id: kubernetesId(name, inputs), state: { ...inputs } };
    case "kubernetes:core/v1:Secret":
      // A read-back of a service-account token Secret: the token the cluster issued.
      return read
        ? { id: args.id as string, state: { ...inputs, data: { token: Buffer.from(`mock-token-of-${name}`).toString("base64") } } }
        : { id: kubernetesId(name, inputs), state: { ...inputs } };
    default:
      return { id: type.startsWith("kubernetes:") ? kubernetesId(name, inputs) : `${name}-id`, state: { ...inputs } };
  }
}
