/**
 * The pipeline files as the CI systems run them, for the checks in tests/support/pipelines/pipelineRules.ts:
 * one unit per GitHub job and matrix entry (`${{ matrix.x }}` filled in), or per Azure Pipelines
 * job after the compile-time expansion of its template expressions and step templates, each with
 * its runner and steps, and what those steps do (deploy, preview, verify, set a stack's secrets).
 * Pure, but for `read` (a file of the repository, for Azure's step templates).
 */
import * as yaml from "js-yaml";

export type Node = unknown;
export type YamlMap = Record<string, Node>;
/** A repository file's text, by its path from the repository root. */
export type ReadFile = (file: string) => string;

export const isMap = (node: Node): node is YamlMap => typeof node === "object" && node !== null && !Array.isArray(node);
export const list = (node: Node): Node[] => (node === undefined ? [] : Array.isArray(node) ? node : [node]);

export type Runner = { readonly hosted: string } | { readonly selfHosted: string };

export interface Step {
  readonly raw: YamlMap;
  /** The shell text of a `run`/`script`/`bash` step or an Azure CLI task's inline script. */
  readonly text?: string;
  /** What a Pulumi action or task does here. */
  readonly pulumi?: { readonly command: string; readonly stack: string };
}

export interface Unit {
  readonly name: string;
  /** What needs/dependsOn name: the GitHub job, or the Azure stage. */
  readonly group: string;
  readonly deps: readonly string[];
  readonly runner: Runner;
  readonly steps: readonly Step[];
  /** The environment the job declares (GitHub: where its secrets come from; Azure: a deployment job's). */
  readonly environment?: string;
  /** Azure Pipelines: the variable groups the job gets (the pipeline's, its stage's and its own); GitHub: none. */
  readonly groups: readonly string[];
}

export type Action = { readonly kind: "deploy" | "preview" | "verify" | "secrets"; readonly stack: string };

/** What a unit does, step by step: `npm run deploy`/`verify`, Pulumi's up/preview, the stack secrets helper. */
export function actions(unit: Unit): Action[] {
  const out: Action[] = [];
  for (const step of unit.steps) {
    if (step.pulumi?.command === "up") out.push({ kind: "deploy", stack: step.pulumi.stack });
    if (step.pulumi?.command === "preview") out.push({ kind: "preview", stack: step.pulumi.stack });
    const text = step.text ?? "";
    for (const m of text.matchAll(/npm run deploy -- --stacks[= ](\S+)/g)) for (const stack of m[1].split(",")) out.push({ kind: "deploy", stack });
    for (const m of text.matchAll(/npm run verify -- --stack[= ](\S+)/g)) out.push({ kind: "verify", stack: m[1] });
    for (const m of text.matchAll(/tools\/ci\/stackSecrets\.ts --stack[= ](\S+)/g)) out.push({ kind: "secrets", stack: m[1] });
  }
  return out;
}

const HOSTED = ["ubuntu-latest"];

/** `environment: name` or `environment: { name }` (GitHub), `{ name }`/`{ resourceName }` not used here. */
const environmentOf = (node: Node): string | undefined => (node === undefined ? undefined : isMap(node) ? String(node.name) : String(node));

// GitHub ----------------------------------------------------------------------------------------

/** `${{ matrix.x }}` of one matrix entry, everywhere in a job (GitHub evaluates it per entry). */
function withMatrix(node: Node, entry: Record<string, string>, where: string): Node {
  if (typeof node === "string")
    return node.replace(/\$\{\{\s*matrix\.([\w-]+)\s*\}\}/g, (_, key: string) => {
      if (!(key in entry)) throw new Error(`${where}: matrix.${key} is not in the matrix`);
      return entry[key];
    });
  if (Array.isArray(node)) return node.map((item) => withMatrix(item, entry, where));
  if (isMap(node)) return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, withMatrix(v, entry, where)]));
  return node;
}

function githubRunner(runsOn: Node, where: string): Runner {
  const labels = list(runsOn).map(String);
  if (labels.length === 1 && HOSTED.includes(labels[0])) return { hosted: labels[0] };
  if (labels.length === 2 && labels[0] === "self-hosted") return { selfHosted: labels[1] };
  throw new Error(`${where}: runs-on ${JSON.stringify(runsOn)} is neither a hosted runner nor [self-hosted, <label>]`);
}

export function githubUnits(workflow: YamlMap): Unit[] {
  return Object.entries(workflow.jobs as Record<string, YamlMap>).flatMap(([id, job]) => {
    const matrix = (job.strategy as YamlMap | undefined)?.matrix as YamlMap | undefined;
    if (matrix && Object.keys(matrix).some((key) => key !== "include")) throw new Error(`${id}: only matrix.include is understood here`);
    const entries = (matrix?.include as Record<string, string>[] | undefined) ?? [{}];
    return entries.map((entry) => {
      const name = entry.stack ? `${id} (${entry.stack})` : id;
      const expanded = withMatrix(job, entry, name) as YamlMap;
      const steps = (expanded.steps as YamlMap[]).map((raw): Step => {
        const uses = String(raw.uses ?? "");
        const inputs = (raw.with ?? {}) as Record<string, string>;
        const pulumi = uses.startsWith("pulumi/actions@") && inputs.command ? { command: inputs.command, stack: inputs["stack-name"] } : undefined;
        return { raw, text: typeof raw.run === "string" ? raw.run : undefined, pulumi };
      });
      return { name, group: id, deps: list(expanded.needs).map(String), runner: githubRunner(expanded["runs-on"], name), steps, environment: environmentOf(expanded.environment), groups: [] };
    });
  });
}

// Azure Pipelines --------------------------------------------------------------------------------

export type Scope = Record<string, Node>;

/** A template expression: only the dotted names this project uses (`parameters.x`, `hub.key`); anything else is refused. */
function evaluate(expression: string, scope: Scope): Node {
  if (!/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(expression)) throw new Error(`template expression not understood here: ${expression}`);
  const value = expression.split(".").reduce<Node>((at, key) => (isMap(at) ? at[key] : undefined), scope);
  if (value === undefined) throw new Error(`template expression has no value: ${expression}`);
  return value;
}

const EACH = /^\$\{\{\s*each\s+(\w+)\s+in\s+([\w.]+)\s*\}\}$/;

/**
 * Compile-time expansion as Azure Pipelines does it (learn.microsoft.com, "Template expressions"):
 * a string that is one `${{ x }}` becomes x's value (with its type), one that holds some gets them
 * as text; a sequence item `${{ each v in collection }}:` inserts its items once per element (of an
 * object: `{ key, value }`). `${{ if }}` and other functions are not used here, and refused.
 */
function expand(node: Node, scope: Scope): Node {
  if (typeof node === "string") {
    const whole = /^\$\{\{\s*([^}]*?)\s*\}\}$/.exec(node);
    if (whole) return evaluate(whole[1], scope);
    return node.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expression: string) => String(evaluate(expression, scope)));
  }
  if (Array.isArray(node))
    return node.flatMap((item) => {
      const keys = isMap(item) ? Object.keys(item) : [];
      const each = keys.length === 1 ? EACH.exec(keys[0]) : null;
      if (!each) return [expand(item, scope)];
      const collection = evaluate(each[2], scope);
      const elements = Array.isArray(collection) ? collection : Object.entries(collection as YamlMap).map(([key, value]) => ({ key, value }));
      return elements.flatMap((element) => list(expand((item as YamlMap)[keys[0]], { ...scope, [each[1]]: element })));
    });
  if (isMap(node)) {
    const template = Object.keys(node).find((key) => key.includes("${{"));
    if (template) throw new Error(`template expression in a key not understood here: ${template}`);
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, expand(v, scope)]));
  }
  return node;
}

export const parameterDefaults = (doc: YamlMap): Scope => Object.fromEntries(list(doc.parameters).map((p) => [(p as YamlMap).name as string, (p as YamlMap).default]));

/** Steps with their `- template:` references replaced by the template's steps (paths from the repository root). */
export function inlineTemplates(steps: Node[], read: ReadFile): YamlMap[] {
  return steps.flatMap((step) => {
    const s = step as YamlMap;
    if (typeof s.template !== "string") return [s];
    const template = yaml.load(read(s.template)) as YamlMap;
    const parameters = { ...parameterDefaults(template), ...((s.parameters as YamlMap | undefined) ?? {}) };
    return inlineTemplates(expand(template.steps, { parameters }) as Node[], read);
  });
}

export interface AzureStage {
  readonly name: string;
  readonly deps: readonly string[];
  readonly raw: YamlMap;
}

/** The stages after expansion; a stage without dependsOn depends on the one before it (Azure Pipelines' default). */
export function azureStages(doc: YamlMap): AzureStage[] {
  const stages = expand(doc.stages, { parameters: parameterDefaults(doc) }) as YamlMap[];
  return stages.map((raw, i) => ({ name: String(raw.stage), deps: raw.dependsOn === undefined ? (i === 0 ? [] : [String(stages[i - 1].stage)]) : list(raw.dependsOn).map(String), raw }));
}

export const jobSteps = (job: YamlMap): Node[] => (job.deployment !== undefined ? (((job.strategy as YamlMap)?.runOnce as YamlMap)?.deploy as YamlMap)?.steps : job.steps) as Node[];

/** The variable groups of a `variables:` list. */
const groupsOf = (variables: Node): string[] => (Array.isArray(variables) ? variables.filter((v) => isMap(v) && v.group !== undefined).map((v) => String((v as YamlMap).group)) : []);

export function azureUnits(doc: YamlMap, read: ReadFile): Unit[] {
  const pipelineGroups = groupsOf(expand(doc.variables, { parameters: parameterDefaults(doc) }));
  return azureStages(doc).flatMap((stage) =>
    (stage.raw.jobs as YamlMap[]).map((job) => {
      const name = `${stage.name}.${String(job.job ?? job.deployment)}`;
      const pool = (job.pool ?? stage.raw.pool ?? doc.pool) as YamlMap | undefined;
      const runner: Runner = pool?.vmImage ? { hosted: String(pool.vmImage) } : { selfHosted: String(pool?.name) };
      const steps = inlineTemplates(jobSteps(job), read).map((raw): Step => {
        const inputs = (raw.inputs ?? {}) as Record<string, string>;
        const text = typeof raw.script === "string" ? raw.script : typeof raw.bash === "string" ? raw.bash : inputs.inlineScript;
        const pulumi = raw.task === "Pulumi@1" && inputs.command ? { command: inputs.command, stack: inputs.stack } : undefined;
        return { raw, text, pulumi };
      });
      const groups = [...pipelineGroups, ...groupsOf(stage.raw.variables), ...groupsOf(job.variables)];
      return { name, group: stage.name, deps: stage.deps, runner, steps, environment: environmentOf(job.environment), groups };
    }),
  );
}
