/**
 * The plan-diff engine: compares two offline plans (the JSON of tools/plan/evaluate.ts `Plan`)
 * and classifies every resource by URN as Pulumi would: created, deleted, replaced, updated,
 * read (a read never changes anything) or the same, with the changed input paths and their old
 * and new values. Pure: plans in, changes out. Used by `npm run blast-radius`; meant for the plan
 * diff of pull requests too.
 *
 * - Values at a path listed in `secretInputs` of either plan (or below it) are always "[secret]".
 *   A plan written without `--show-secrets` already shows "[secret]" on both sides, so a change of
 *   a secret is only seen when both plans were evaluated with `showSecrets` (mock values and
 *   placeholders only).
 * - `options.ignoreChanges` of the new plan is applied first, as the engine does.
 * - Components (types of a package no provider serves, e.g. `azs-ha:stamp:AksEngineCluster`)
 *   have no provider diff; they are reported only when created or deleted.
 * - Limitation: when Pulumi replaces a resource its id changes, and a dependent whose input holds
 *   that id (or another output of it) changes too, and is updated or replaced by its own rules.
 *   The offline plan's mock ids and outputs do not change on replacement, so such dependents show
 *   no change here; look at what depends on a replaced resource.
 */
import type { PlanResource } from "../evaluate";
import { SECRET, UNKNOWN } from "../evaluate";
import { formatPath, leafChanges, LeafChange, planPath, resetIgnored, Segment, touches } from "./paths";
import { KNOWN_PACKAGES, PROVIDER_PREFIX, providerReplaceKeys, ruleFor, STACK_REFERENCE } from "./rules";

export type Action = "create" | "delete" | "replace" | "update" | "read" | "same";

export interface InputChange {
  /** Pulumi's property path, e.g. `spec.maxReplicas`, `metadata.labels["app.kubernetes.io/name"]`. */
  readonly path: string;
  readonly kind: "add" | "delete" | "update";
  /** Absent when added; "[secret]" (or holding "[secret]" below) when secret. */
  readonly old?: unknown;
  /** Absent when deleted. */
  readonly new?: unknown;
  readonly secret: boolean;
  /** This change forces the replacement. */
  readonly replaces: boolean;
}

export interface ResourceChange {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly action: Action;
  readonly changes: readonly InputChange[];
  /** What the action entails (runs `update`, deletes first, reads another stack, refused: protected...). */
  readonly notes: readonly string[];
}

type Options = PlanResource["options"];
export type PlanResourceLike = Pick<PlanResource, "urn" | "type" | "name" | "provider" | "inputs" | "secretInputs"> & { readonly options?: Partial<Options> };
export interface PlanLike {
  readonly resources: readonly PlanResourceLike[];
}

const CHANGING: readonly Action[] = ["create", "delete", "replace", "update"];

/** Whether applying the new plan would create, delete, replace or update anything. */
export function changesSomething(changes: readonly ResourceChange[]): boolean {
  return changes.some((c) => CHANGING.includes(c.action));
}

/** What a reviewer is shown: everything but the unchanged, sorted by name. */
export function reported(changes: readonly ResourceChange[]): ResourceChange[] {
  return changes.filter((c) => c.action !== "same").sort((a, b) => a.name.localeCompare(b.name) || (a.urn < b.urn ? -1 : 1));
}

/**
 * A read (StackReference, `Resource.get`): evaluate.ts shows the id it reads as `inputs.id`. A read
 * is External (step.go `ReadStep`): Pulumi does not own it, and reading another id changes nothing.
 */
const isRead = (r: PlanResourceLike) => r.type === STACK_REFERENCE || "id" in r.inputs;
const readNoun = (r: PlanResourceLike) => (r.type === STACK_REFERENCE ? "stack" : "object");

class Secrets {
  private readonly paths: Set<string>;
  constructor(...lists: (readonly string[] | undefined)[]) {
    this.paths = new Set(lists.flatMap((l) => l ?? []));
  }
  /** The path or one of its ancestors is secret. */
  at(segments: readonly Segment[]): boolean {
    return segments.some((_, i) => this.paths.has(planPath(segments.slice(0, i + 1))));
  }
  /** The value with every secret part masked. */
  mask(value: unknown, at: Segment[]): unknown {
    if (value === undefined) return undefined;
    if (this.at(at)) return SECRET;
    if (Array.isArray(value)) return value.map((v, i) => this.mask(v, [...at, i]));
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.mask(v, [...at, k])]));
    return value;
  }
  /** Something at or below the path is secret. */
  within(segments: readonly Segment[]): boolean {
    const prefix = planPath(segments);
    return this.at(segments) || [...this.paths].some((p) => p.startsWith(`${prefix}.`) || p.startsWith(`${prefix}[`));
  }
}

function inputChange(leaf: LeafChange, replaces: boolean, secrets: Secrets): InputChange {
  const change: { -readonly [K in keyof InputChange]: InputChange[K] } = { path: formatPath(leaf.segments), kind: leaf.kind, secret: secrets.within(leaf.segments), replaces };
  if (leaf.kind !== "add") change.old = secrets.mask(leaf.old, leaf.segments);
  if (leaf.kind !== "delete") change.new = secrets.mask(leaf.new, leaf.segments);
  return change;
}

function classifyRead(before: PlanResourceLike | undefined, after: PlanResourceLike | undefined): { action: Action; notes: string[] } {
  const [old, neu] = [before?.inputs.id, after?.inputs.id];
  const noun = readNoun((after ?? before) as PlanResourceLike);
  if (before && after) return old === neu ? { action: "same", notes: [] } : { action: "read", notes: [`reads another ${noun}: ${String(old)} → ${String(neu)}`] };
  return after ? { action: "read", notes: [`starts reading ${noun} ${String(neu)}`] } : { action: "read", notes: [`stops reading ${noun} ${String(old)}`] };
}

interface Sides {
  readonly before: ReadonlyMap<string, PlanResourceLike>;
  readonly after: ReadonlyMap<string, PlanResourceLike>;
}

/** A resource present in both plans, with a provider. */
function classifyCustom(before: PlanResourceLike, after: PlanResourceLike, sides: Sides): ResourceChange {
  const secrets = new Secrets(before.secretInputs, after.secretInputs);
  const isProvider = after.type.startsWith(PROVIDER_PREFIX);
  const rule = isProvider ? undefined : ruleFor(after.type);
  const normalize = rule?.normalize ?? ((inputs: Record<string, unknown>) => inputs);
  const [oldInputs, newInputs] = [normalize(before.inputs), normalize(after.inputs)];
  const leaves = leafChanges(oldInputs, resetIgnored(oldInputs, newInputs, after.options?.ignoreChanges ?? []));
  const providerInputs = after.provider ? sides.after.get(after.provider)?.inputs : undefined;
  const patterns = isProvider
    ? providerReplaceKeys(after.type, before.inputs, after.inputs, UNKNOWN).map((key) => [key])
    : (rule?.replaceOn(after, providerInputs) ?? []);
  const changes = leaves.map((leaf) => inputChange(leaf, patterns.some((p) => touches(p, leaf.segments, leaf.old, leaf.new)), secrets));
  const base = { urn: after.urn, type: after.type, name: after.name };
  if (changes.length === 0) return { ...base, action: "same", changes, notes: [] };
  const replaced = changes.some((c) => c.replaces);
  const providerUpdate = isProvider ? "reconfigures the provider; its resources are diffed with the new configuration" : undefined;
  const notes = replaced ? replaceNotes(before, after, rule?.deletesFirst?.(before, after) ?? false) : [rule?.updateNote?.(before, after, leaves) ?? providerUpdate];
  notes.push(rule?.warning?.(leaves));
  return { ...base, action: replaced ? "replace" : "update", changes, notes: notes.filter((n): n is string => n !== undefined) };
}

/**
 * step_generator.go `continueStepsFromDiff`: the `deleteBeforeReplace` option, else the provider's
 * request, deletes first; a resource protected in the old and the new state is not replaced.
 */
function replaceNotes(before: PlanResourceLike, after: PlanResourceLike, providerDeletesFirst: boolean): string[] {
  const notes: string[] = [];
  if (after.options?.deleteBeforeReplace || providerDeletesFirst) notes.push("deletes it before creating the replacement");
  if (before.options?.protect && after.options?.protect) notes.push("protected: pulumi up refuses to replace it");
  if (before.options?.retainOnDelete) notes.push("retainOnDelete: the old one is left in place, not deleted");
  return notes;
}

/** pulumi/pulumi pkg/resource/deploy/step.go `DeleteStep.Apply` refuses to delete a protected resource; the `retainOnDelete` option leaves it in place. */
function deleteNotes(before: PlanResourceLike): string[] {
  const notes: string[] = [];
  if (before.options?.protect) notes.push("protected: pulumi up refuses to delete it");
  if (before.options?.retainOnDelete) notes.push("retainOnDelete: Pulumi forgets it, it is not deleted");
  return notes;
}

/**
 * step_generator.go `providerChanged`: a resource whose provider is replaced, or moves to a
 * provider whose DiffConfig calls the move a replacement, is replaced.
 */
function providerReplaced(before: PlanResourceLike, after: PlanResourceLike, sides: Sides, replacedProviders: ReadonlySet<string>): string | undefined {
  if (!after.provider) return undefined;
  if (before.provider === after.provider) return replacedProviders.has(after.provider) ? `its provider ${sides.after.get(after.provider)?.name ?? after.provider} is replaced` : undefined;
  const [old, neu] = [before.provider ? sides.before.get(before.provider) : undefined, sides.after.get(after.provider)];
  if (!old || !neu || providerReplaceKeys(neu.type, old.inputs, neu.inputs, UNKNOWN).length === 0) return undefined;
  return `it moves to provider ${neu.name}, a replacement`;
}

/** Every resource of either plan, by URN, classified. */
export function diffPlans(beforePlan: PlanLike, afterPlan: PlanLike): ResourceChange[] {
  const sides: Sides = { before: new Map(beforePlan.resources.map((r) => [r.urn, r])), after: new Map(afterPlan.resources.map((r) => [r.urn, r])) };
  const providerPackages = new Set([...sides.before.values(), ...sides.after.values()].filter((r) => r.type.startsWith(PROVIDER_PREFIX)).map((r) => r.type.slice(PROVIDER_PREFIX.length)));
  const isComponent = (r: PlanResourceLike) => {
    const pkg = r.type.split(":")[0];
    return !KNOWN_PACKAGES.includes(pkg) && !providerPackages.has(pkg);
  };
  const urns = [...new Set([...sides.before.keys(), ...sides.after.keys()])].sort();
  const first = urns.map((urn): ResourceChange => {
    const [before, after] = [sides.before.get(urn), sides.after.get(urn)];
    const any = (after ?? before) as PlanResourceLike;
    const base = { urn, type: any.type, name: any.name };
    if (isRead(any)) return { ...base, ...classifyRead(before, after), changes: [] };
    if (!before) return { ...base, action: "create", changes: [], notes: [] };
    if (!after) return { ...base, action: "delete", changes: [], notes: deleteNotes(before) };
    if (isComponent(after)) return { ...base, action: "same", changes: [], notes: [] };
    return classifyCustom(before, after, sides);
  });
  const replacedProviders = new Set(first.filter((c) => c.action === "replace" && c.type.startsWith(PROVIDER_PREFIX)).map((c) => c.urn));
  return first.map((change) => {
    const [before, after] = [sides.before.get(change.urn), sides.after.get(change.urn)];
    if (!before || !after || !["same", "update"].includes(change.action)) return change;
    const reason = providerReplaced(before, after, sides, replacedProviders);
    return reason ? { ...change, action: "replace", notes: [reason, ...replaceNotes(before, after, false)] } : change;
  });
}
