/**
 * What the pipeline files must satisfy (tests/pipelines.test.ts), as functions that return every
 * problem they find, so that each rule can also be shown failing on a broken copy: the ordered
 * deployment by the needs/dependsOn graph, where each stack previews and deploys, the files and
 * scripts called, secrets and where each job takes them from (deployment credentials unreachable
 * from a pull request), one deployment at a time, the post-deploy checks' wait, the link to the run
 * handed to the plan diff, and the structure of both systems' files, with the inputs of the actions
 * and tasks used (read from their sources at the pinned versions).
 */
import { existsSync, readFileSync } from "fs";
import * as path from "path";
import { parseArgs as planDiffCommentArgs } from "../../../tools/ci/planDiffComment";
import { actions, azureStages, azureUnits, inlineTemplates, isMap, jobSteps, list, type Node, type ReadFile, type Runner, type Unit, type YamlMap } from "./pipelineModel";

/** Each stack's role, from its stack file. */
export type Roles = Readonly<Record<string, "stamp" | "global">>;
const stacksOf = (roles: Roles, role?: "stamp" | "global") => Object.keys(roles).filter((stack) => role === undefined || roles[stack] === role).sort();

/** The transitive dependencies of each group; throws on a cycle. */
export function closure(units: readonly Unit[]): Record<string, Set<string>> {
  const direct: Record<string, Set<string>> = {};
  for (const unit of units) for (const dep of unit.deps) (direct[unit.group] ??= new Set()).add(dep);
  const all: Record<string, Set<string>> = {};
  const visit = (group: string, trail: string[]): Set<string> => {
    if (trail.includes(group)) throw new Error(`dependency cycle: ${[...trail, group].join(" → ")}`);
    if (all[group]) return all[group];
    const found = new Set<string>();
    for (const dep of direct[group] ?? []) {
      found.add(dep);
      for (const d of visit(dep, [...trail, group])) found.add(d);
    }
    return (all[group] = found);
  };
  for (const unit of units) visit(unit.group, []);
  return all;
}

/** global first, then every stamp (after it), then global again (after every stamp); each stamp and the last global checked after their deployment. */
export function orderProblems(units: readonly Unit[], roles: Roles): string[] {
  const problems: string[] = [];
  const [stamps, globals] = [stacksOf(roles, "stamp"), stacksOf(roles, "global")];
  const after = closure(units);
  const deployers = (stack: string) => units.filter((u) => actions(u).some((a) => a.kind === "deploy" && a.stack === stack));
  for (const unit of units) {
    const stacks = new Set(actions(unit).filter((a) => a.kind === "deploy").map((a) => a.stack));
    if (stacks.size > 1) problems.push(`${unit.name} deploys more than one stack: ${[...stacks].join(", ")}`);
  }
  const stampUnits = stamps.flatMap((stamp) => {
    const found = deployers(stamp);
    if (found.length !== 1) problems.push(`${stamp} is deployed by ${found.length} jobs, not 1`);
    return found.map((unit) => ({ stamp, unit }));
  });
  for (const global of globals) {
    const found = deployers(global);
    if (found.length !== 2) {
      problems.push(`${global} is deployed by ${found.length} jobs, not 2 (before and after the stamps)`);
      continue;
    }
    const [first, last] = [...found].sort((a, b) => (after[a.group]?.has(b.group) ? 1 : after[b.group]?.has(a.group) ? -1 : 0));
    if (!after[last.group]?.has(first.group)) problems.push(`${last.name} does not wait for ${first.name}`);
    for (const { stamp, unit } of stampUnits) {
      if (!after[unit.group]?.has(first.group)) problems.push(`${stamp} (${unit.name}) does not wait for the first deployment of ${global} (${first.name})`);
      if (!after[last.group]?.has(unit.group)) problems.push(`the last deployment of ${global} (${last.name}) does not wait for ${stamp} (${unit.name})`);
    }
    const checks = actions(last);
    if (checks.findIndex((a) => a.kind === "verify" && a.stack === global) < checks.findIndex((a) => a.kind === "deploy")) problems.push(`${last.name} does not verify ${global} after deploying it`);
  }
  for (const { stamp, unit } of stampUnits) {
    const steps = actions(unit);
    if (steps.findIndex((a) => a.kind === "verify" && a.stack === stamp) < steps.findIndex((a) => a.kind === "deploy")) problems.push(`${unit.name} does not verify ${stamp} after deploying it`);
  }
  return problems;
}

/**
 * Every stack previewed once (kind "preview") or deployed as above, each stamp on the self-hosted
 * runner or pool `hubs` maps it to, after its secrets step; the global stack on a hosted one.
 */
export function placementProblems(units: readonly Unit[], hubs: Readonly<Record<string, string>>, kind: "preview" | "deploy", roles: Roles): string[] {
  const problems: string[] = [];
  const [allStacks, stamps] = [stacksOf(roles), stacksOf(roles, "stamp")];
  const labels = Object.values(hubs);
  if (JSON.stringify(Object.keys(hubs).sort()) !== JSON.stringify(stamps)) problems.push(`the hub mapping names ${Object.keys(hubs).sort().join(", ")}; the stamp stacks are ${stamps.join(", ")}`);
  if (new Set(labels).size !== labels.length) problems.push(`two stamps share a hub runner: ${labels.join(", ")}`);
  for (const stack of allStacks) {
    const found = units.filter((u) => actions(u).some((a) => a.kind === kind && a.stack === stack));
    if (found.length === 0) problems.push(`no job runs ${kind} for ${stack}`);
    if (kind === "preview" && found.length > 1) problems.push(`${found.length} jobs preview ${stack}`);
    for (const unit of found) {
      const expected: Runner = roles[stack] === "stamp" ? { selfHosted: hubs[stack] } : { hosted: "ubuntu-latest" };
      if (JSON.stringify(unit.runner) !== JSON.stringify(expected)) problems.push(`${unit.name} runs ${kind} of ${stack} on ${JSON.stringify(unit.runner)}, not ${JSON.stringify(expected)}`);
      const steps = actions(unit);
      const secrets = steps.findIndex((a) => a.kind === "secrets" && a.stack === stack);
      const runs = steps.findIndex((a) => a.kind === kind && a.stack === stack);
      if (roles[stack] === "stamp" && !(secrets >= 0 && secrets < runs)) problems.push(`${unit.name} does not set ${stack}'s secrets before its ${kind}`);
    }
  }
  return problems;
}

/** Shell texts: `npm run x` exists with the files its script names; `npx x` is installed; paths of this repository exist. */
export function referenceProblems(texts: readonly string[], root: string): string[] {
  const scripts = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
  const problems: string[] = [];
  const pathsIn = (text: string) => [...text.matchAll(/(?:^|[\s"'(])((?:tools|scripts|tests|\.azure-pipelines)\/[\w./-]*\w)/g)].map((m) => m[1]);
  for (const text of texts) {
    for (const [, name] of text.matchAll(/npm run (?:--silent )?([\w:-]+)/g)) {
      if (!(name in scripts)) problems.push(`npm run ${name}: no such script in package.json`);
      else for (const file of pathsIn(scripts[name])) if (!existsSync(path.join(root, file))) problems.push(`npm run ${name} runs ${file}, which does not exist`);
      if (name === "plan:diff") problems.push("plan:diff is called directly: its exit code 2 (changes) would fail the step; use tools/ci/planDiffComment.ts");
    }
    for (const [, bin] of text.matchAll(/\bnpx ([\w-]+)/g)) if (!existsSync(path.join(root, "node_modules", ".bin", bin))) problems.push(`npx ${bin}: not installed`);
    for (const file of pathsIn(text)) if (!existsSync(path.join(root, file))) problems.push(`${file}: no such file`);
  }
  return problems;
}

/** Every string of a document with its path. */
function leaves(node: Node, at: string[] = []): [string[], string][] {
  if (typeof node === "string") return [[at, node]];
  if (Array.isArray(node)) return node.flatMap((item, i) => leaves(item, [...at, String(i)]));
  if (isMap(node)) return Object.entries(node).flatMap(([k, v]) => leaves(v, [...at, k]));
  return [];
}

const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSPHRASE|PRIVATE_KEY|_PEM$|_KEY$|CLIENT_ID|TENANT_ID|SUBSCRIPTION_ID/i;
/** A whole reference to one secret by its name: `${{ secrets.NAME }}` (GitHub; never a computed name) or `$(NAME)` (Azure). */
const REFERENCE = /^(\$\{\{\s*secrets\.\w+\s*\}\}|\$\([\w.]+\))$/;
const CREDENTIAL_SHAPES: [string, RegExp][] = [
  ["a Pulumi access token", /pul-[0-9a-f]{40}/],
  ["a GitHub token", /gh[pousr]_[A-Za-z0-9]{36}/],
  ["a private key", /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ["a JWT", /eyJ[\w-]{10,}\.[\w-]{10,}/],
  ["a GUID (client, tenant or subscription id)", /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i],
];

/**
 * No literal secret (`secretVariables`: the Azure Pipelines variables that hold secrets, used as
 * `$(NAME)`): secret-named settings hold only references; references to secrets appear
 * only as a whole value in a step's `env` or `with` (never in a job's or the workflow's env, which
 * every step, `npm ci`'s install scripts included, would see, nor inside a script's text); no
 * credential-shaped text anywhere; the global stack's Azure credentials never reach a hub's runner.
 */
export function secretProblems(doc: Node, units: readonly Unit[], secretVariables: readonly string[]): string[] {
  const problems: string[] = [];
  for (const [at, value] of leaves(doc)) {
    const key = at[at.length - 1];
    const where = at.join(".");
    const inStep = at.length >= 3 && at[at.length - 4] === "steps" && ["env", "with", "inputs"].includes(at[at.length - 2]);
    if (SECRET_NAME.test(key) && ["env", "with", "inputs", "variables"].includes(at[at.length - 2]) && !REFERENCE.test(value) && value !== "${{ github.token }}")
      problems.push(`${where}: a literal value for a secret`);
    const mentions = /\$\{\{[^}]*\bsecrets[.[]/.test(value) || secretVariables.some((name) => value.includes(`$(${name})`));
    if (mentions && !(inStep && REFERENCE.test(value))) problems.push(`${where}: a secret outside a step's env/with, or inside a text`);
    for (const [what, shape] of CREDENTIAL_SHAPES) if (shape.test(value)) problems.push(`${where}: holds ${what}`);
  }
  for (const unit of units.filter((u) => "selfHosted" in u.runner))
    for (const step of unit.steps) {
      const names = [...Object.keys((step.raw.env ?? {}) as YamlMap), ...Object.keys((step.raw.inputs ?? {}) as YamlMap)];
      for (const name of names.filter((n) => /^(ARM|AZURE)_(CLIENT_|TENANT_ID|SUBSCRIPTION_ID|OIDC_|USE_OIDC)|^azureSubscription$/.test(n))) problems.push(`${unit.name}: ${name} reaches a hub's runner`);
    }
  return problems;
}

/** Each step that runs the stack secrets helper maps exactly the stamp's secret variables, from the secret store, named as the helper reads them. */
export function secretStepProblems(units: readonly Unit[], secretVariables: readonly string[], expected: (name: string) => string): string[] {
  const problems: string[] = [];
  for (const unit of units)
    for (const step of unit.steps.filter((s) => /tools\/ci\/stackSecrets\.ts/.test(s.text ?? ""))) {
      const env = (step.raw.env ?? {}) as Record<string, string>;
      const names = Object.keys(env).filter((n) => n !== "PULUMI_ACCESS_TOKEN");
      if (JSON.stringify(names) !== JSON.stringify(secretVariables)) problems.push(`${unit.name}: maps ${names.join(", ")}; the stamp's secrets are ${secretVariables.join(", ")}`);
      for (const name of names) if (env[name] !== expected(name)) problems.push(`${unit.name}: ${name} is ${env[name]}, not ${expected(name)}`);
    }
  return problems;
}

/** Inputs of each action at its pinned commit: the `inputs` of its action.yml there (read from the action's repository). */
export const ACTIONS: Record<string, { version: string; inputs: string[]; required?: string[] }> = {
  "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1": {
    version: "v7.0.1",
    inputs: ["repository", "ref", "token", "ssh-key", "ssh-known-hosts", "ssh-strict", "ssh-user", "persist-credentials", "path", "clean", "filter", "sparse-checkout", "sparse-checkout-cone-mode", "fetch-depth", "fetch-tags", "show-progress", "lfs", "submodules", "set-safe-directory", "github-server-url", "allow-unsafe-pr-checkout"],
  },
  "actions/setup-node@820762786026740c76f36085b0efc47a31fe5020": {
    version: "v7.0.0",
    inputs: ["node-version", "node-version-file", "architecture", "check-latest", "registry-url", "scope", "token", "cache", "package-manager-cache", "cache-dependency-path", "mirror", "mirror-token"],
  },
  "actions/github-script@ed597411d8f924073f98dfc5c65a23a2325f34cd": {
    version: "v8.0.0",
    inputs: ["script", "github-token", "debug", "user-agent", "previews", "result-encoding", "retries", "retry-exempt-status-codes", "base-url"],
    required: ["script"],
  },
  // Without `command` it only installs the CLI (src/config.ts, installationConfig); with one it needs stack-name (makeConfig).
  "pulumi/actions@8e5e406f4007fca908480587cb9893c07090f58d": {
    version: "v7.0.0",
    inputs: ["command", "stack-name", "pulumi-version", "pulumi-version-file", "work-dir", "comment-on-pr", "comment-on-pr-number", "comment-on-summary", "github-token", "cloud-url", "secrets-provider", "parallel", "message", "config-map", "expect-no-changes", "diff", "replace", "exclude", "exclude-dependents", "target", "target-dependents", "policyPacks", "policyPackConfigs", "refresh", "upsert", "remove", "edit-pr-comment", "color", "exclude-protected", "plan", "suppress-outputs", "suppress-progress", "always-include-summary", "continue-on-error", "log-verbosity", "log-flow", "debug"],
  },
};
const PULUMI_ACTION_COMMANDS = ["up", "update", "refresh", "destroy", "preview", "output"];

/**
 * Inputs of the Azure Pipelines tasks (names and aliases), from their task.json:
 * Pulumi@1 pulumi/pulumi-az-pipelines-task buildAndReleaseTask/task.json (1.1.6; `stack` required;
 * without a command it only installs the CLI, index.ts), AzureCLI@2 microsoft/azure-pipelines-tasks
 * Tasks/AzureCLIV2/task.json (2.265.0), NodeTool@0 Tasks/NodeToolV0/task.json (0.224.0).
 */
export const TASKS: Record<string, { inputs: string[]; required: string[][] }> = {
  "Pulumi@1": { inputs: ["azureSubscription", "command", "loginArgs", "args", "cwd", "stack", "versionSpec", "createStack", "createPrComment", "useThreadedPrComments"], required: [["stack"]] },
  "AzureCLI@2": {
    inputs: ["connectedServiceNameARM", "azureSubscription", "scriptType", "scriptLocation", "scriptPath", "inlineScript", "scriptArguments", "arguments", "powerShellErrorActionPreference", "addSpnToEnvironment", "useGlobalConfig", "cwd", "workingDirectory", "failOnStandardError", "powerShellIgnoreLASTEXITCODE", "visibleAzLogin", "allowNoSubscriptions", "keepAzSessionActive"],
    required: [["connectedServiceNameARM", "azureSubscription"], ["scriptType"], ["scriptLocation"]],
  },
  "NodeTool@0": { inputs: ["versionSource", "versionSpec", "versionFilePath", "checkLatest", "force32bit", "nodejsMirror"], required: [] },
};
const PULUMI_TASK_COMMANDS = ["new", "stack", "config", "up", "preview", "destroy", "refresh"];

/** GitHub structure beyond the schema: needs name existing jobs, each step runs or uses exactly one thing, actions are pinned with known inputs. */
export function githubStructureProblems(workflow: YamlMap, text: string): string[] {
  const problems: string[] = [];
  const jobs = workflow.jobs as Record<string, YamlMap>;
  for (const [id, job] of Object.entries(jobs)) {
    if (job["runs-on"] === undefined) problems.push(`${id}: no runs-on`);
    if (!Array.isArray(job.steps) || job.steps.length === 0) problems.push(`${id}: no steps`);
    for (const need of list(job.needs).map(String)) if (!(need in jobs)) problems.push(`${id}: needs ${need}, which is no job`);
    for (const [i, step] of (list(job.steps) as YamlMap[]).entries()) {
      if ((step.run === undefined) === (step.uses === undefined)) problems.push(`${id} step ${i + 1}: needs exactly one of run and uses`);
      if (step.uses === undefined) continue;
      const action = ACTIONS[String(step.uses)];
      if (!action) {
        problems.push(`${id} step ${i + 1}: ${String(step.uses)} is not an action pinned by commit here`);
        continue;
      }
      const inputs = Object.keys((step.with ?? {}) as YamlMap);
      for (const input of inputs) if (!action.inputs.includes(input)) problems.push(`${id} step ${i + 1}: ${String(step.uses)} has no input ${input}`);
      for (const input of action.required ?? []) if (!inputs.includes(input)) problems.push(`${id} step ${i + 1}: ${String(step.uses)} needs ${input}`);
      const command = (step.with as YamlMap | undefined)?.command;
      if (String(step.uses).startsWith("pulumi/actions@")) {
        if (command === undefined && inputs.some((input) => input !== "pulumi-version")) problems.push(`${id} step ${i + 1}: the Pulumi action without a command only installs the CLI`);
        if (command !== undefined && !(PULUMI_ACTION_COMMANDS.includes(String(command)) && inputs.includes("stack-name"))) problems.push(`${id} step ${i + 1}: the Pulumi action needs a known command and a stack-name`);
      }
    }
  }
  for (const [, uses, version] of text.matchAll(/uses: (\S+)(?: # (\S+))?/g))
    if (ACTIONS[uses] && ACTIONS[uses].version !== version) problems.push(`${uses} is marked ${version ?? "(no version)"}, but that commit is ${ACTIONS[uses].version}`);
  return problems;
}

/** Azure structure, after expansion: stages and jobs named and unique, dependsOn existing stages, pools, steps of one kind, known tasks and inputs, deployment jobs with an environment. */
export function azureStructureProblems(doc: YamlMap, read: ReadFile): string[] {
  const problems: string[] = [];
  const stages = azureStages(doc);
  const names = stages.map((s) => s.name);
  const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;
  for (const stage of stages) {
    if (!identifier.test(stage.name)) problems.push(`stage ${stage.name}: not a valid name`);
    if (names.filter((n) => n === stage.name).length > 1) problems.push(`stage ${stage.name}: named twice`);
    for (const dep of stage.deps) if (!names.includes(dep)) problems.push(`stage ${stage.name}: dependsOn ${dep}, which is no stage`);
    const jobs = list(stage.raw.jobs) as YamlMap[];
    if (jobs.length === 0) problems.push(`stage ${stage.name}: no jobs`);
    const ids = jobs.map((job) => String(job.job ?? job.deployment));
    for (const job of jobs) {
      const id = String(job.job ?? job.deployment);
      const where = `${stage.name}.${id}`;
      if (!identifier.test(id) || ids.filter((other) => other === id).length > 1) problems.push(`${where}: not a valid, unique job name`);
      const pool = (job.pool ?? stage.raw.pool ?? doc.pool) as YamlMap | undefined;
      if (!pool || (pool.vmImage === undefined) === (pool.name === undefined)) problems.push(`${where}: needs a pool with either vmImage or name`);
      if (job.deployment !== undefined && !job.environment) problems.push(`${where}: a deployment job without an environment`);
      const steps = jobSteps(job);
      if (!Array.isArray(steps) || steps.length === 0) {
        problems.push(`${where}: no steps`);
        continue;
      }
      for (const [i, step] of inlineTemplates(steps, read).entries()) {
        const kinds = ["task", "script", "bash", "checkout", "publish", "download"].filter((k) => step[k] !== undefined);
        if (kinds.length !== 1) problems.push(`${where} step ${i + 1}: needs exactly one of task, script, bash, checkout, publish, download`);
        if (step.task === undefined) continue;
        const task = TASKS[String(step.task)];
        if (!task) {
          problems.push(`${where} step ${i + 1}: unknown task ${String(step.task)}`);
          continue;
        }
        const inputs = Object.keys((step.inputs ?? {}) as YamlMap);
        for (const input of inputs) if (!task.inputs.includes(input)) problems.push(`${where} step ${i + 1}: ${String(step.task)} has no input ${input}`);
        for (const alternatives of task.required) if (!alternatives.some((a) => inputs.includes(a))) problems.push(`${where} step ${i + 1}: ${String(step.task)} needs ${alternatives.join(" or ")}`);
        const command = (step.inputs as YamlMap | undefined)?.command;
        if (step.task === "Pulumi@1" && command !== undefined && !PULUMI_TASK_COMMANDS.includes(String(command))) problems.push(`${where} step ${i + 1}: Pulumi@1 has no command ${String(command)}`);
      }
    }
  }
  try {
    closure(azureUnits(doc, read));
  } catch (error) {
    problems.push((error as Error).message);
  }
  return problems;
}

// Where secrets come from, one deployment at a time, the checks' wait, the run's link ---------------

/** A GitHub secret other than the job's own GITHUB_TOKEN, by name or computed. */
const GITHUB_SECRET = /\$\{\{[^}]*\bsecrets(?:\.(?!GITHUB_TOKEN\b)\w+|\[)/;
const stacksDoing = (unit: Unit, kind: "deploy" | "preview") => [...new Set(actions(unit).filter((a) => a.kind === kind).map((a) => a.stack))];

/**
 * GitHub: a job reads secrets only from the environment it declares, environment secrets being the
 * only ones a job gets through its environment's protection (deployment branches, reviewers); the
 * repository's secrets reach any workflow a branch edits. `kind` "deploy" (the deployment workflow):
 * each job's environment is the stack it deploys (global, stampA, ...: main only). `kind` "preview"
 * (the pull-request workflow, which a pull request runs in its own version): each job that reads
 * secrets declares `preview-<stack>` of the stack it previews, and no job declares a stack's
 * deployment environment.
 */
export function githubEnvironmentProblems(units: readonly Unit[], kind: "deploy" | "preview", roles: Roles): string[] {
  const problems: string[] = [];
  const stacks = stacksOf(roles);
  for (const unit of units) {
    const reads = unit.steps.some((step) => GITHUB_SECRET.test(JSON.stringify(step.raw)));
    const own = stacksDoing(unit, kind);
    const expected = own.length === 1 ? (kind === "deploy" ? own[0] : `preview-${own[0]}`) : undefined;
    if (kind === "preview" && unit.environment !== undefined && stacks.includes(unit.environment)) problems.push(`${unit.name}: a pull-request job declares the deployment environment ${unit.environment}`);
    if (reads && unit.environment === undefined) problems.push(`${unit.name} reads secrets without declaring an environment`);
    else if ((reads || kind === "deploy") && unit.environment !== expected) problems.push(`${unit.name} declares the environment ${unit.environment ?? "(none)"}, not ${expected ?? `one of a single stack it ${kind}s`}`);
  }
  return problems;
}

/**
 * Azure Pipelines: a job gets only the variable group of what it does, `azs-ha-kubernetes-<stack>`
 * to deploy that stack (in the environment of that stack), `azs-ha-kubernetes-preview-<stack>` to
 * preview it (in no environment); no group at the pipeline's or a stage's level, and none for a job
 * that does neither; the service connection of the deployment (`connections.deploy`) only where global
 * deploys, the preview's only where global previews.
 */
export function azureSecretStoreProblems(units: readonly Unit[], connections: { readonly deploy: string; readonly preview: string }): string[] {
  const problems: string[] = [];
  for (const unit of units) {
    const [deploys, previews] = [stacksDoing(unit, "deploy"), stacksDoing(unit, "preview")];
    let groups: string[] = [];
    let connection: string | undefined;
    if (deploys.length === 1 && previews.length === 0) {
      [groups, connection] = [[`azs-ha-kubernetes-${deploys[0]}`], connections.deploy];
      if (unit.environment !== deploys[0]) problems.push(`${unit.name} deploys ${deploys[0]} in the environment ${unit.environment ?? "(none)"}`);
    } else if (previews.length === 1 && deploys.length === 0) {
      [groups, connection] = [[`azs-ha-kubernetes-preview-${previews[0]}`], connections.preview];
      if (unit.environment !== undefined) problems.push(`${unit.name}: a preview job in the environment ${unit.environment}`);
    } else if (deploys.length + previews.length > 0) problems.push(`${unit.name} deploys or previews more than one stack`);
    if (JSON.stringify(unit.groups) !== JSON.stringify(groups)) problems.push(`${unit.name} gets the variable groups ${unit.groups.join(", ") || "(none)"}, not ${groups.join(", ") || "(none)"}`);
    for (const step of unit.steps) {
      const used = ((step.raw.inputs ?? {}) as YamlMap).azureSubscription;
      if (used !== undefined && used !== connection) problems.push(`${unit.name} uses the service connection ${String(used)}, not ${connection ?? "(none)"}`);
    }
  }
  return problems;
}

/** What the first deployment stage's condition must say: a push to main, batched; not a pull request, nor a run started by hand. */
const DEPLOY_CONDITION = "and(succeeded(), in(variables['Build.Reason'], 'BatchedCI', 'IndividualCI'), eq(variables['Build.SourceBranch'], 'refs/heads/main'))";

/**
 * Azure Pipelines runs one deployment at a time: an exclusive lock is per stage, so only a batched
 * CI trigger (a run for a push waits until the running one has ended) keeps two runs' stages from
 * interleaving. The trigger batches and takes main only; locks are taken in order; every stage with a
 * deployment job either has DEPLOY_CONDITION or none and waits for deployment stages only (so for
 * one with it); runs started by hand, which are not batched, deploy nothing.
 */
export function azureSerialisationProblems(doc: YamlMap): string[] {
  const problems: string[] = [];
  const trigger = doc.trigger as YamlMap | undefined;
  if (!isMap(trigger) || trigger.batch !== true) problems.push("the CI trigger does not batch: a push during a deployment starts a second, interleaved one");
  if (JSON.stringify((trigger?.branches as YamlMap | undefined)?.include) !== JSON.stringify(["main"])) problems.push(`the CI trigger takes ${JSON.stringify((trigger?.branches as YamlMap | undefined)?.include)}, not main only`);
  if (doc.lockBehavior !== "sequential") problems.push("lockBehavior is not sequential");
  const stages = azureStages(doc);
  const deploying = stages.filter((stage) => list(stage.raw.jobs).some((job) => isMap(job) && job.deployment !== undefined)).map((s) => s.name);
  for (const stage of stages.filter((s) => deploying.includes(s.name))) {
    const condition = stage.raw.condition;
    if (condition !== undefined && condition !== DEPLOY_CONDITION) problems.push(`stage ${stage.name}: condition ${String(condition)}, not ${DEPLOY_CONDITION}`);
    if (condition === undefined && (stage.deps.length === 0 || stage.deps.some((dep) => !deploying.includes(dep)))) problems.push(`stage ${stage.name}: deploys without the deployment condition, after ${stage.deps.join(", ") || "nothing"}`);
  }
  return problems;
}

/** Every `npm run verify` passes `--wait <seconds>`: transient states (an endpoint being checked, a rollout in progress) are polled, not failed. */
export function verifyWaitProblems(units: readonly Unit[], seconds: number): string[] {
  const problems: string[] = [];
  for (const unit of units)
    for (const step of unit.steps)
      for (const [call] of (step.text ?? "").matchAll(/npm run verify\b[^\n#]*/g)) if (!new RegExp(`\\s--wait[= ]${seconds}(\\s|$)`).test(call)) problems.push(`${unit.name}: ${call.trim()} does not wait ${seconds} seconds for transient states`);
  return problems;
}

/**
 * The `--details-url` each planDiffComment.ts step passes, filled in as the CI system would from
 * `samples` (GitHub's `${{ expression }}`, Azure's `$(Variable)`, the step's env for `$NAME`),
 * passes that script's own check of its arguments: a value with a space (an Azure DevOps project's
 * name may hold one) would fail the whole step.
 */
export function detailsUrlProblems(units: readonly Unit[], samples: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  for (const unit of units)
    for (const step of unit.steps.filter((s) => /tools\/ci\/planDiffComment\.ts/.test(s.text ?? ""))) {
      const given = /--details-url[= ](?:"([^"]*)"|(\S+))/.exec(step.text ?? "");
      if (!given) {
        problems.push(`${unit.name}: planDiffComment.ts without --details-url`);
        continue;
      }
      const env = (step.raw.env ?? {}) as Record<string, string>;
      const missing = new Set<string>();
      const sample = (name: string) => samples[name] ?? (missing.add(name), "");
      const url = (given[1] ?? given[2])
        .replace(/\$\{?(\w+)\}?/g, (_, name: string) => env[name] ?? sample(`$${name}`))
        .replace(/\$\{\{\s*([\w.]+)\s*\}\}/g, (_, name: string) => sample(name))
        .replace(/\$\(([\w.]+)\)/g, (_, name: string) => sample(name));
      if (missing.size > 0) {
        problems.push(`${unit.name}: --details-url uses ${[...missing].join(", ")}, with no sample value here`);
        continue;
      }
      try {
        planDiffCommentArgs(["--base", "main", "--out", "comment.md", "--details-url", url]);
      } catch (error) {
        problems.push(`${unit.name}: ${(error as Error).message}`);
      }
    }
  return problems;
}
