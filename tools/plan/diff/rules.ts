/**
 * Pulumi's rules, per resource type, for whether an input change replaces a resource or updates
 * it in place, and what an update does. Each rule names the provider source it follows; the
 * provider versions are the ones package.json pins (sources read at the cited commits).
 *
 * What the engine itself does (pulumi/pulumi pkg/resource/deploy/step_generator.go):
 * `continueStepsFromDiff` turns a provider diff with replace keys into a replacement (the
 * provider's delete-first request, overridden by the `deleteBeforeReplace` option), refuses to
 * replace a resource protected in both the old and new state, and otherwise updates;
 * `applyReplaceOnChanges` adds the `replaceOnChanges` paths an SDK registers (the command SDK
 * registers `triggers[*]`); `processIgnoreChanges` resets `ignoreChanges` paths first.
 */
import { HELM_RELEASE, kubernetesDeletesFirst, kubernetesProviderReplaceKeys, kubernetesReplacePaths } from "./kubernetes";
import { LeafChange, parsePath, Pattern } from "./paths";

export interface RuleResource {
  readonly type: string;
  readonly inputs: Record<string, unknown>;
}

export interface TypeRule {
  /** Paths whose change replaces the resource; `[[]]` (the root) means every input. */
  replaceOn(after: RuleResource, providerInputs: Record<string, unknown> | undefined): Pattern[];
  /** Both sides' inputs pass through it before the comparison (values the provider treats as equal). */
  normalize?(inputs: Record<string, unknown>): Record<string, unknown>;
  /** What an in-place update does, when that is worth telling. */
  updateNote?(before: RuleResource, after: RuleResource, changes: readonly LeafChange[]): string | undefined;
  /** Whether the provider asks to delete before replacing (the `deleteBeforeReplace` option aside). */
  deletesFirst?(before: RuleResource, after: RuleResource): boolean;
  /** A warning about a replacement or update that will not go as planned. */
  warning?(changes: readonly LeafChange[]): string | undefined;
}

const EVERY_INPUT: Pattern[] = [[]];
const paths = (...texts: string[]) => texts.map(parsePath);
const top = (changes: readonly LeafChange[]) => new Set(changes.map((c) => c.segments[0]));

/**
 * command:remote:Command. pulumi/pulumi-command v1.2.1: provider/pkg/provider/common/inputs.go
 * `ResourceInputs` tags only `triggers` `provider:"replaceOnChanges"`, and the Node SDK
 * (remote/command.js constructor) registers `replaceOnChanges: ["triggers[*]"]` (the provider's
 * pulumi-go-provider v1.3.0 infer/resource.go `derivedResourceController.Diff` turns a tagged
 * top-level change into a replacement, the engine's `applyReplaceOnChanges` a nested one); every other
 * input, `connection` included (remote/command.go `CommandInputs`), is an update, which
 * remote/commandController.go `Command.Update` carries out by running `update`, or `create`
 * again when there is no `update` (whichever input changed, even only `delete`).
 */
const remoteCommand: TypeRule = {
  replaceOn: () => paths("triggers"),
  updateNote: (_, after) => (after.inputs.update !== undefined ? "runs `update`" : "runs `create` again"),
};

/**
 * command:remote:CopyToRemote. pulumi-command v1.2.1 remote/copy.go `CopyToRemoteInputs`: only
 * `triggers` replaces (remote/copyToRemote.js registers `triggers[*]`); remote/copyController.go
 * `CopyToRemote.Update` copies again only when the source's hash or `remotePath` changed.
 */
const copyToRemote: TypeRule = {
  replaceOn: () => paths("triggers"),
  updateNote: (_, __, changes) => {
    const keys = top(changes);
    return keys.has("source") || keys.has("remotePath") ? "copies the file again" : "copies nothing (only the connection changed)";
  },
};

/**
 * tls:index/privateKey:PrivateKey. pulumi-tls 5.6.1 bridges hashicorp/terraform-provider-tls:
 * internal/provider/resource_private_key.go `privateKeyResourceSchemaV1` marks every input
 * (algorithm, rsa_bits, ecdsa_curve, openssh_comment) `RequiresReplace`; its Update is a no-op.
 */
const privateKey: TypeRule = { replaceOn: () => EVERY_INPUT };

/**
 * random:index/randomPassword:RandomPassword. pulumi-random 4.21.2 bridges
 * hashicorp/terraform-provider-random: internal/provider/resource_password.go `passwordSchemaV3`
 * marks every input (length, keepers, special, upper, lower, numeric, min_*, override_special)
 * `RequiresReplace` (override_special: unless "" becomes null): a new password.
 */
const randomPassword: TypeRule = { replaceOn: () => EVERY_INPUT };

/** azure-native provider/pkg/provider/diff.go `applyAzureSpecificDiff`: a top-level `location` ignores case and spaces. */
function normalizeLocation(inputs: Record<string, unknown>): Record<string, unknown> {
  return typeof inputs.location === "string" ? { ...inputs, location: inputs.location.toLowerCase().replace(/ /g, "") } : inputs;
}

const locationWarning = (changes: readonly LeafChange[]) =>
  top(changes).has("location") ? "ARM does not move a resource to another location: this update fails (InvalidResourceLocation); give it a new name to move it" : undefined;

/**
 * azure-native:resources:Resource (the generic resource; azure-native 3.28.0).
 * provider/pkg/provider/diff.go `calculateDetailedDiff`: every parameter of the PUT's path
 * replaces, here resourceGroupName, resourceProviderNamespace, parentResourcePath, resourceType
 * and resourceName (Resources_CreateOrUpdate in Microsoft.Resources resources.json), and so does
 * a body property without `update` in its x-ms-mutability (provider/pkg/gen/properties.go
 * `forceNew`): `extendedLocation`. `location` has no mutability there and the generic resource is
 * not in provider/pkg/gen/replacement.go `forceNewMap`, so a new location is an update (which ARM
 * refuses); `apiVersion` is the query's api-version, so a new one is an update too.
 */
const genericResource: TypeRule = {
  replaceOn: () => paths("resourceGroupName", "resourceProviderNamespace", "parentResourcePath", "resourceType", "resourceName", "extendedLocation"),
  normalize: normalizeLocation,
  warning: locationWarning,
};

/**
 * Other azure-native resources: their PUT path parameters replace (diff.go `calculateDetailedDiff`).
 * Without the provider's metadata offline, these are taken to be `resourceGroupName` and every
 * top-level input named `<something>Name` (azure-native's spelling of path parameters, e.g.
 * workspaceName, profileName, endpointName), plus Traffic Manager endpoints' `endpointType`
 * (.../trafficmanagerprofiles/{profileName}/{endpointType}/{endpointName}); ResourceGroup's
 * `location` is in replacement.go `forceNewMap`. A heuristic: body properties that are
 * create-only in their API spec are not known here.
 */
const typedAzureResource: TypeRule = {
  replaceOn: (after) => {
    const names = Object.keys(after.inputs).filter((key) => key === "resourceGroupName" || /^[a-z][A-Za-z0-9]*Name$/.test(key));
    if (after.type === "azure-native:trafficmanager:Endpoint") names.push("endpointType");
    if (after.type === "azure-native:resources:ResourceGroup") names.push("location");
    return names.map((name) => [name]);
  },
  normalize: normalizeLocation,
  warning: locationWarning,
};

const kubernetesObject: TypeRule = {
  replaceOn: (after, providerInputs) => kubernetesReplacePaths(after.type, after.inputs, providerInputs),
  deletesFirst: (before, after) => kubernetesDeletesFirst(after.type, before.inputs, after.inputs),
  updateNote: (_, after) => (after.type === HELM_RELEASE ? "helm upgrade" : undefined),
};

/** The rule for a type; undefined when none is known (then any change is taken as an update). */
export function ruleFor(type: string): TypeRule | undefined {
  switch (type) {
    case "command:remote:Command":
    case "command:local:Command":
      return remoteCommand;
    case "command:remote:CopyToRemote":
      return copyToRemote;
    case "tls:index/privateKey:PrivateKey":
      return privateKey;
    case "random:index/randomPassword:RandomPassword":
      return randomPassword;
    case "azure-native:resources:Resource":
      return genericResource;
  }
  if (type.startsWith("kubernetes:")) return kubernetesObject;
  if (type.startsWith("azure-native:")) return typedAzureResource;
  return undefined;
}

/**
 * Provider resources (`pulumi:providers:<package>`). The engine diffs a provider's config with
 * the provider's `DiffConfig` (pulumi/pulumi pkg/resource/deploy/providers/registry.go
 * `Registry.Diff`); a change it does not call a replacement reconfigures the provider (an update)
 * and its resources are diffed as usual. A replaced provider gets a new id, and then
 * step_generator.go `providerChanged` asks `DiffConfig` again for every resource it manages, which
 * replaces them all. Kubernetes: see kubernetes.ts. azure-native (provider/pkg/provider/provider.go
 * `DiffConfig` answers DIFF_UNKNOWN, which `Registry.Diff` turns into an update) and every other
 * provider here: never a replacement.
 */
export function providerReplaceKeys(type: string, before: Record<string, unknown>, after: Record<string, unknown>, unknown: string): string[] {
  return type === "pulumi:providers:kubernetes" ? kubernetesProviderReplaceKeys(before, after, unknown) : [];
}

export const PROVIDER_PREFIX = "pulumi:providers:";
export const STACK_REFERENCE = "pulumi:pulumi:StackReference";

/** Packages whose types are custom resources (a component's package is the program's own). */
export const KNOWN_PACKAGES = ["pulumi", "kubernetes", "command", "azure-native", "tls", "random"];
