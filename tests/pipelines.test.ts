/**
 * The pipeline files: .github/workflows/*.yml, and azure-pipelines.yml with its templates in
 * .azure-pipelines/. They parse. The GitHub workflows validate against SchemaStore's workflow
 * schema (tests/fixtures/schemas/github-workflow.schema.json, pinned below by hash); no schema of Azure Pipelines
 * is available offline (Microsoft's is served per organisation), so its structure is checked by
 * hand after expanding its template expressions as Azure Pipelines does (tests/support/pipelines/pipelineModel.ts).
 * Both call only npm scripts, files, actions and task inputs that exist; cover every stack with the
 * offline plan diff and with a preview; deploy global → stamps → global by their needs/dependsOn
 * graph, checking each; run each stamp on its hub's self-hosted runner or pool (one per hub, named
 * in one place per file); hold no secret, and take each job's secrets from the store of what it does,
 * so that a pull request cannot reach the deployment's credentials; run one deployment at a time;
 * give verify time for transient states; and hand the plan diff a link it accepts
 * (tests/support/pipelines/pipelineRules.ts). Each rule is also shown failing on a broken copy.
 */
import Ajv from "ajv";
import { createHash } from "crypto";
import { readdirSync, readFileSync } from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { envName, secretKeysOf } from "../tools/ci/secretEnv";
import { actions, azureStages, azureUnits, githubUnits, isMap, list, parameterDefaults, type Unit, type YamlMap } from "./support/pipelines/pipelineModel";
import {
  azureSecretStoreProblems,
  azureSerialisationProblems,
  azureStructureProblems,
  detailsUrlProblems,
  githubEnvironmentProblems,
  githubStructureProblems,
  orderProblems,
  placementProblems,
  referenceProblems,
  type Roles,
  secretProblems,
  secretStepProblems,
  verifyWaitProblems,
} from "./support/pipelines/pipelineRules";
import { readStackFiles, stackNames } from "../tools/plan/stackFiles";

const ROOT = path.join(__dirname, "..");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

const STACKS = stackNames(ROOT);
const ROLES: Roles = Object.fromEntries(STACKS.map((stack) => [stack, readStackFiles(ROOT, stack).config.role as "stamp" | "global"]));
const STAMPS = STACKS.filter((stack) => ROLES[stack] === "stamp");
/** The variables the stamp jobs map from their secret store (tools/ci/secretEnv.ts). */
const STAMP_SECRET_VARS = secretKeysOf("stamp").map(envName);
/** Azure Pipelines' secret variables: the variable groups' and the job's own token. */
const AZURE_SECRET_VARS = ["PULUMI_ACCESS_TOKEN", "System.AccessToken", ...STAMP_SECRET_VARS];

const GITHUB_DIR = path.join(".github", "workflows");
const PR_WORKFLOW = path.join(GITHUB_DIR, "pull-request.yml");
const DEPLOY_WORKFLOW = path.join(GITHUB_DIR, "deploy.yml");
const AZURE = "azure-pipelines.yml";

const prWorkflow = () => yaml.load(read(PR_WORKFLOW)) as YamlMap;
const deployWorkflow = () => yaml.load(read(DEPLOY_WORKFLOW)) as YamlMap;
const azure = () => yaml.load(read(AZURE)) as YamlMap;

/** The hub mapping of a GitHub workflow: its one matrix of stamps. */
function githubHubs(workflow: YamlMap): Record<string, string> {
  const matrices = Object.values(workflow.jobs as Record<string, YamlMap>).flatMap((job) => list(((job.strategy as YamlMap | undefined)?.matrix as YamlMap | undefined)?.include));
  return Object.fromEntries((matrices as Record<string, string>[]).map((entry) => [entry.stack, entry["hub-runner"]]));
}
const azureHubs = (doc: YamlMap) => parameterDefaults(doc).hubPools as Record<string, string>;

/** The connections of the global stack: the deployment's and the preview's (azure-pipelines.yml's parameters). */
const azureConnections = (doc: YamlMap) => ({ deploy: String(parameterDefaults(doc).azureServiceConnection), preview: String(parameterDefaults(doc).azurePreviewServiceConnection) });
/** The seconds every `npm run verify` waits for transient states. */
const VERIFY_WAIT = 600;
/**
 * What the CI systems fill in for --details-url (names as the files use them): Azure DevOps' predefined
 * variables (learn.microsoft.com, "Use predefined variables": System.TeamProject is the project's
 * name, which may hold spaces; System.TeamProjectId its id) and GitHub's context.
 */
const URL_SAMPLES = {
  "System.CollectionUri": "https://dev.azure.com/contoso/",
  "System.TeamProject": "HA Kubernetes",
  "System.TeamProjectId": "3f6c5ad0-17e5-4c1a-9e0e-5b1f2d0c7a11",
  "Build.BuildId": "4711",
  "github.server_url": "https://github.com",
  "github.repository": "contoso/azs-ha-kubernetes",
  "github.run_id": "4711",
};

const texts = (units: readonly Unit[]) => units.flatMap((u) => u.steps.flatMap((s) => [s.text ?? "", String((s.raw.with as YamlMap | undefined)?.script ?? "")]));

const GITHUB_SCHEMA = "tests/fixtures/schemas/github-workflow.schema.json";
/** SchemaStore/schemastore src/schemas/json/github-workflow.json at 3b6446ad8a077bac56f4a4796c0b7fd88927fc8e (Apache-2.0). */
const GITHUB_SCHEMA_SHA256 = "7a952fdb7c1b130732e40ccea9db9bced906c1198e97834f8a49ae3b411f3161";

describe("the pipeline files", () => {
  const workflows = readdirSync(path.join(ROOT, GITHUB_DIR)).filter((f) => /\.ya?ml$/.test(f));

  it("are the two GitHub workflows, azure-pipelines.yml and its templates, and all parse", () => {
    expect(workflows.sort()).toEqual(["deploy.yml", "pull-request.yml"]);
    for (const file of [...workflows.map((f) => path.join(GITHUB_DIR, f)), AZURE, ...readdirSync(path.join(ROOT, ".azure-pipelines")).map((f) => path.join(".azure-pipelines", f))])
      expect(isMap(yaml.load(read(file)))).toBe(true);
  });

  it("GitHub workflows validate against SchemaStore's workflow schema (pinned by hash)", () => {
    const text = read(GITHUB_SCHEMA);
    expect(createHash("sha256").update(text).digest("hex")).toBe(GITHUB_SCHEMA_SHA256);
    const validate = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(text) as object);
    for (const file of workflows) {
      const valid = validate(yaml.load(read(path.join(GITHUB_DIR, file))));
      expect([file, valid ? [] : validate.errors]).toEqual([file, []]);
    }
    const broken = deployWorkflow();
    (broken.jobs as Record<string, YamlMap>).global["runs_on"] = "ubuntu-latest";
    expect(validate(broken)).toBe(false);
  });

  it.each([PR_WORKFLOW, DEPLOY_WORKFLOW])("%s: needs, steps, pinned actions and their inputs are sound", (file) => {
    expect(githubStructureProblems(yaml.load(read(file)) as YamlMap, read(file))).toEqual([]);
  });

  it("azure-pipelines.yml: stages, jobs, pools, steps, tasks and their inputs are sound after expansion", () => {
    expect(azureStructureProblems(azure(), read)).toEqual([]);
    expect(azureStages(azure()).map((s) => s.name)).toEqual(["PlanDiff", "Preview", "DeployGlobal", ...STAMPS.map((s) => `Deploy_${s}`), "WireGlobal"]);
  });

  it.each([
    ["GitHub", () => [...githubUnits(prWorkflow()), ...githubUnits(deployWorkflow())]],
    ["Azure Pipelines", () => azureUnits(azure(), read)],
  ])("%s: every npm script, npx command and file called exists, and plan:diff runs only through tools/ci/planDiffComment.ts", (_, units) => {
    expect(referenceProblems(texts(units()), ROOT)).toEqual([]);
  });
});

describe("pull requests", () => {
  it("GitHub: the pull-request workflow runs on pull requests into main only, a new push cancelling the last run", () => {
    const workflow = prWorkflow();
    expect(workflow.on).toEqual({ pull_request: { branches: ["main"] } });
    expect(workflow.concurrency).toEqual({ group: "pull-request-${{ github.event.pull_request.number }}", "cancel-in-progress": true });
  });

  it("GitHub: the plan diff of every stack runs on a hosted runner against the pull request's base commit, in the full history, without credentials", () => {
    const job = (prWorkflow().jobs as Record<string, YamlMap>)["plan-diff"];
    const steps = job.steps as YamlMap[];
    expect(job["runs-on"]).toBe("ubuntu-latest");
    expect((steps[0].with as YamlMap)["fetch-depth"]).toBe(0);
    const diff = steps.find((s) => String(s.run).includes("tools/ci/planDiffComment.ts")) as YamlMap;
    expect(String(diff.run)).toMatch(/--base "\$BASE_SHA"/);
    expect(diff.env).toEqual({ BASE_SHA: "${{ github.event.pull_request.base.sha }}", RUN_URL: "${{ github.server_url }}/${{ github.repository }}/actions/runs/${{ github.run_id }}" });
    expect(JSON.stringify(job)).not.toMatch(/secrets\./);
  });

  it("Azure Pipelines: the plan diff runs against the target branch in the full history, and the pull-request stages run on pull requests only (previews not for forks)", () => {
    const [planDiff, preview] = azureStages(azure());
    expect(planDiff.raw.condition).toBe("eq(variables['Build.Reason'], 'PullRequest')");
    expect(preview.raw.condition).toBe("and(eq(variables['Build.Reason'], 'PullRequest'), ne(variables['System.PullRequest.IsFork'], 'True'))");
    const [unit] = azureUnits(azure(), read).filter((u) => u.group === "PlanDiff");
    expect(unit.runner).toEqual({ hosted: "ubuntu-latest" });
    expect(unit.steps[0].raw).toMatchObject({ checkout: "self", fetchDepth: 0 });
    expect(unit.steps.map((s) => s.text ?? "").join("\n")).toMatch(/planDiffComment\.ts \\\n\s+--base "origin\/\$\{SYSTEM_PULLREQUEST_TARGETBRANCH#refs\/heads\/\}"/);
  });

  it.each([
    ["GitHub", () => githubUnits(prWorkflow()), () => githubHubs(prWorkflow())],
    ["Azure Pipelines", () => azureUnits(azure(), read).filter((u) => u.group === "Preview"), () => azureHubs(azure())],
  ])("%s: every stack is previewed once, each stamp on its hub's runner after its secrets, global on a hosted one", (_, units, hubs) => {
    expect(placementProblems(units(), hubs(), "preview", ROLES)).toEqual([]);
  });

  it("GitHub: the previews comment on the pull request, with the rich diff", () => {
    const previews = githubUnits(prWorkflow()).flatMap((u) => u.steps.filter((s) => s.pulumi?.command === "preview"));
    expect(previews).toHaveLength(STACKS.length);
    for (const step of previews) expect(step.raw.with).toMatchObject({ diff: true, "comment-on-pr": true, "github-token": "${{ secrets.GITHUB_TOKEN }}", "work-dir": "." });
  });
});

describe("the ordered deployment", () => {
  it("GitHub: runs on pushes to main (or by hand), one run at a time, never cancelled, and a failing stamp cancels no other", () => {
    const workflow = deployWorkflow();
    expect(workflow.on).toEqual({ push: { branches: ["main"] }, workflow_dispatch: null });
    expect(workflow.concurrency).toEqual({ group: "deploy", "cancel-in-progress": false });
    const jobs = workflow.jobs as Record<string, YamlMap>;
    expect(jobs.global.if).toBe("github.ref == 'refs/heads/main'");
    expect((jobs.stamps.strategy as YamlMap)["fail-fast"]).toBe(false);
    for (const [id, job] of Object.entries(jobs)) expect([id, job.concurrency]).toEqual([id, undefined]);
  });

  it("GitHub: each deployment job has the stack's environment (approvals, history)", () => {
    for (const unit of githubUnits(deployWorkflow())) {
      const [deployed] = actions(unit).filter((a) => a.kind === "deploy");
      expect([unit.name, ((deployWorkflow().jobs as Record<string, YamlMap>)[unit.group].environment as string).replace("${{ matrix.stack }}", deployed.stack)]).toEqual([unit.name, deployed.stack]);
    }
  });

  it("Azure Pipelines: deploys from main only, every deployment job in its stack's environment, runs queued in order", () => {
    const doc = azure();
    expect(doc.trigger).toEqual({ batch: true, branches: { include: ["main"] } });
    expect(doc.lockBehavior).toBe("sequential");
    const stages = azureStages(doc);
    const deploys = stages.filter((s) => s.name.startsWith("Deploy") || s.name === "WireGlobal");
    expect(deploys[0].raw.condition).toBe("and(succeeded(), in(variables['Build.Reason'], 'BatchedCI', 'IndividualCI'), eq(variables['Build.SourceBranch'], 'refs/heads/main'))");
    for (const stage of deploys.slice(1)) expect([stage.name, stage.raw.condition]).toEqual([stage.name, undefined]); // the default, succeeded(): a failure stops the rest
    for (const unit of azureUnits(doc, read).filter((u) => deploys.some((s) => s.name === u.group))) {
      const job = (deploys.find((s) => s.name === unit.group)?.raw.jobs as YamlMap[])[0];
      const [deployed] = actions(unit).filter((a) => a.kind === "deploy");
      expect([unit.name, job.environment]).toEqual([unit.name, deployed.stack]);
    }
  });

  it("Azure Pipelines: one deployment at a time: a push to main during a run waits for it to end (batch), runs started by hand deploy nothing", () => {
    expect(azureSerialisationProblems(azure())).toEqual([]);
  });

  it.each([
    ["GitHub", () => githubUnits(deployWorkflow())],
    ["Azure Pipelines", () => azureUnits(azure(), read)],
  ])("%s: every verify waits for transient states (--wait 600)", (_, units) => {
    const all = units();
    expect(all.flatMap((u) => actions(u)).filter((a) => a.kind === "verify").map((a) => a.stack).sort()).toEqual([...STAMPS, "global"].sort());
    expect(verifyWaitProblems(all, VERIFY_WAIT)).toEqual([]);
  });

  it.each([
    ["GitHub", () => githubUnits(deployWorkflow())],
    ["Azure Pipelines", () => azureUnits(azure(), read)],
  ])("%s: global, then every stamp (after it), then global again (after every stamp), by the needs/dependsOn graph, each checked", (_, units) => {
    expect(orderProblems(units(), ROLES)).toEqual([]);
  });

  it.each([
    ["GitHub", () => githubUnits(deployWorkflow()), () => githubHubs(deployWorkflow())],
    ["Azure Pipelines", () => azureUnits(azure(), read), () => azureHubs(azure())],
  ])("%s: each stamp deploys on its hub's runner after its secrets, global on a hosted one", (_, units, hubs) => {
    expect(placementProblems(units(), hubs(), "deploy", ROLES)).toEqual([]);
  });
});

describe("hub runners and secrets", () => {
  it("GitHub: deployment credentials only in the stacks' environments (main only); a pull-request job reads secrets only from its stack's preview environment, never a deployment's", () => {
    expect(githubEnvironmentProblems(githubUnits(deployWorkflow()), "deploy", ROLES)).toEqual([]);
    expect(githubEnvironmentProblems(githubUnits(prWorkflow()), "preview", ROLES)).toEqual([]);
    expect(githubUnits(prWorkflow()).map((u) => u.environment)).toEqual([undefined, "preview-global", ...STAMPS.map((s) => `preview-${s}`)]);
    expect(githubUnits(deployWorkflow()).map((u) => u.environment)).toEqual(["global", ...STAMPS, "global"]);
  });

  it("Azure Pipelines: each job gets only its stack's deployment or preview variable group and service connection; none at the pipeline's level", () => {
    const doc = azure();
    expect(azureSecretStoreProblems(azureUnits(doc, read), azureConnections(doc))).toEqual([]);
    expect(azureConnections(doc)).toEqual({ deploy: "azs-ha-global", preview: "azs-ha-global-preview" });
  });

  it.each([
    ["GitHub", () => githubUnits(prWorkflow())],
    ["Azure Pipelines", () => azureUnits(azure(), read)],
  ])("%s: the plan diff's --details-url, as the CI system fills it in, is one the script accepts (an Azure DevOps project's name may hold a space)", (_, units) => {
    expect(detailsUrlProblems(units(), URL_SAMPLES)).toEqual([]);
    expect(units().some((u) => u.steps.some((s) => /--details-url/.test(s.text ?? "")))).toBe(true);
  });

  it("GitHub: both workflows map the stamps to the same hub runner labels", () => {
    expect(githubHubs(prWorkflow())).toEqual(githubHubs(deployWorkflow()));
  });

  it.each([
    ["GitHub pull requests", () => prWorkflow(), () => githubUnits(prWorkflow())],
    ["GitHub deployment", () => deployWorkflow(), () => githubUnits(deployWorkflow())],
    ["Azure Pipelines", () => [azure(), ...readdirSync(path.join(ROOT, ".azure-pipelines")).map((f) => yaml.load(read(path.join(".azure-pipelines", f))))], () => azureUnits(azure(), read)],
  ])("%s: no literal secret, secrets only in a step's env or inputs, no Azure credential on a hub's runner", (_, doc, units) => {
    expect(secretProblems(doc(), units(), AZURE_SECRET_VARS)).toEqual([]);
  });

  it.each([
    ["GitHub", () => [...githubUnits(prWorkflow()), ...githubUnits(deployWorkflow())], (name: string) => `\${{ secrets.${name} }}`],
    ["Azure Pipelines", () => azureUnits(azure(), read), (name: string) => `$(${name})`],
  ])("%s: the stack secrets step maps exactly the stamp's secret variables", (_, units, expected) => {
    const all = units();
    expect(all.some((u) => u.steps.some((s) => /stackSecrets\.ts/.test(s.text ?? "")))).toBe(true);
    expect(secretStepProblems(all, STAMP_SECRET_VARS, expected)).toEqual([]);
  });
});

describe("each rule fails on a broken copy", () => {
  const jobsOf = (doc: YamlMap) => doc.jobs as Record<string, YamlMap>;
  const stageOf = (doc: YamlMap, name: string) => (doc.stages as YamlMap[]).find((s) => s.stage === name) as YamlMap;
  /** The stages inside `${{ each hub in parameters.hubPools }}`, as written. */
  const stampStages = (doc: YamlMap) => (doc.stages as YamlMap[]).flatMap((s) => (Object.keys(s)[0].startsWith("${{") ? (Object.values(s)[0] as YamlMap[]) : []));
  const deploySteps = (job: YamlMap) => (((job.strategy as YamlMap).runOnce as YamlMap).deploy as YamlMap).steps as YamlMap[];
  const firstJob = (stage: YamlMap) => (stage.jobs as YamlMap[])[0];

  it.each<[string, (doc: YamlMap) => void, (doc: YamlMap) => string[], string]>([
    ["stamps not waiting for global", (d) => delete jobsOf(d).stamps.needs, (d) => orderProblems(githubUnits(d), ROLES), "does not wait for the first deployment of global"],
    ["the last global not waiting for the stamps", (d) => (jobsOf(d)["global-endpoints"].needs = "global"), (d) => orderProblems(githubUnits(d), ROLES), "does not wait for stampA"],
    ["a stamp left out", (d) => ((jobsOf(d).stamps.strategy as YamlMap).matrix = { include: [{ stack: "stampA", "hub-runner": "azs-hub-a" }] }), (d) => placementProblems(githubUnits(d), githubHubs(d), "deploy", ROLES), "no job runs deploy for stampB"],
    ["a stamp on another hub's runner", (d) => ((jobsOf(d).stamps.strategy as YamlMap).matrix = { include: [{ stack: "stampA", "hub-runner": "azs-hub-b" }, { stack: "stampB", "hub-runner": "azs-hub-b" }] }), (d) => placementProblems(githubUnits(d), githubHubs(d), "deploy", ROLES), "two stamps share a hub runner"],
    ["a stamp on a hosted runner", (d) => (jobsOf(d).stamps["runs-on"] = "ubuntu-latest"), (d) => placementProblems(githubUnits(d), githubHubs(d), "deploy", ROLES), 'on {"hosted":"ubuntu-latest"}'],
    ["a stamp deployed before its secrets", (d) => (jobsOf(d).stamps.steps as YamlMap[]).splice(4, 1), (d) => placementProblems(githubUnits(d), githubHubs(d), "deploy", ROLES), "does not set stampA's secrets before its deploy"],
    ["a stamp not checked", (d) => (jobsOf(d).stamps.steps as YamlMap[]).pop(), (d) => orderProblems(githubUnits(d), ROLES), "does not verify stampA after deploying it"],
    ["the last global not checked", (d) => (jobsOf(d)["global-endpoints"].steps as YamlMap[]).pop(), (d) => orderProblems(githubUnits(d), ROLES), "does not verify global after deploying it"],
    ["a literal token", (d) => (((jobsOf(d).global.steps as YamlMap[])[4].env as YamlMap).PULUMI_ACCESS_TOKEN = "pul-0123456789abcdef0123456789abcdef01234567"), (d) => secretProblems(d, githubUnits(d), AZURE_SECRET_VARS), "holds a Pulumi access token"],
    ["a secret in the job's env", (d) => (jobsOf(d).global.env = { PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}" }), (d) => secretProblems(d, githubUnits(d), AZURE_SECRET_VARS), "jobs.global.env.PULUMI_ACCESS_TOKEN: a secret outside a step's env/with"],
    ["a secret in a script", (d) => ((jobsOf(d).global.steps as YamlMap[])[4].run = "PULUMI_ACCESS_TOKEN=${{ secrets.PULUMI_ACCESS_TOKEN }} npm run deploy -- --stacks global"), (d) => secretProblems(d, githubUnits(d), AZURE_SECRET_VARS), "inside a text"],
    ["Azure credentials on a hub's runner", (d) => (((jobsOf(d).stamps.steps as YamlMap[])[5].env as YamlMap).ARM_CLIENT_SECRET = "${{ secrets.ARM_CLIENT_SECRET }}"), (d) => secretProblems(d, githubUnits(d), AZURE_SECRET_VARS), "ARM_CLIENT_SECRET reaches a hub's runner"],
    ["a secret variable missing", (d) => delete ((jobsOf(d).stamps.steps as YamlMap[])[4].env as YamlMap).HELPER_PRIVATE_KEY, (d) => secretStepProblems(githubUnits(d), STAMP_SECRET_VARS, (n) => `\${{ secrets.${n} }}`), "the stamp's secrets are"],
    ["a deployment job without its environment", (d) => delete jobsOf(d)["global-endpoints"].environment, (d) => githubEnvironmentProblems(githubUnits(d), "deploy", ROLES), "global-endpoints reads secrets without declaring an environment"],
    ["a stamp in another stack's environment", (d) => (jobsOf(d).stamps.environment = "global"), (d) => githubEnvironmentProblems(githubUnits(d), "deploy", ROLES), "stamps (stampA) declares the environment global, not stampA"],
    ["a secret by a computed name", (d) => (((jobsOf(d).stamps.steps as YamlMap[])[4].env as YamlMap).HUB_CLIENT_SECRET = "${{ secrets[format('{0}_HUB_CLIENT_SECRET', matrix.stack)] }}"), (d) => secretProblems(d, githubUnits(d), AZURE_SECRET_VARS), "HUB_CLIENT_SECRET: a secret outside a step's env/with, or inside a text"],
    ["a verify without --wait", (d) => ((jobsOf(d).stamps.steps as YamlMap[])[6].run = "npm run verify -- --stack ${{ matrix.stack }}"), (d) => verifyWaitProblems(githubUnits(d), VERIFY_WAIT), "stamps (stampA): npm run verify -- --stack stampA does not wait 600 seconds"],
    ["an npm script that does not exist", (d) => ((jobsOf(d).global.steps as YamlMap[])[4].run = "npm run deploy-all"), (d) => referenceProblems(texts(githubUnits(d)), ROOT), "npm run deploy-all: no such script"],
    ["plan:diff called directly", (d) => ((jobsOf(d).global.steps as YamlMap[])[4].run = "npm run plan:diff -- --stack global --base main"), (d) => referenceProblems(texts(githubUnits(d)), ROOT), "plan:diff is called directly"],
    ["a file that does not exist", (d) => ((jobsOf(d).global.steps as YamlMap[])[4].run = "bash tools/ci/nothing.sh"), (d) => referenceProblems(texts(githubUnits(d)), ROOT), "tools/ci/nothing.sh: no such file"],
    ["needs of no job", (d) => (jobsOf(d).stamps.needs = "globl"), (d) => githubStructureProblems(d, ""), "stamps: needs globl, which is no job"],
    ["a step with run and uses", (d) => ((jobsOf(d).global.steps as YamlMap[])[0].run = "true"), (d) => githubStructureProblems(d, ""), "global step 1: needs exactly one of run and uses"],
    ["an unpinned action", (d) => ((jobsOf(d).global.steps as YamlMap[])[0].uses = "actions/checkout@v7"), (d) => githubStructureProblems(d, ""), "actions/checkout@v7 is not an action pinned by commit here"],
    ["an input the action lacks", (d) => ((jobsOf(d).global.steps as YamlMap[])[3].with = { "pulumi-version": "3.248.0", "stack_name": "global" }), (d) => githubStructureProblems(d, ""), "has no input stack_name"],
  ])("GitHub deployment: %s", (_, breakIt, check, expected) => {
    const doc = deployWorkflow();
    expect(check(doc)).toEqual([]);
    breakIt(doc);
    expect(check(doc).join("\n")).toContain(expected);
  });

  it.each<[string, (doc: YamlMap) => void, (doc: YamlMap) => string[], string]>([
    ["a preview in a deployment environment", (d) => (jobsOf(d)["preview-stamps"].environment = "${{ matrix.stack }}"), (d) => githubEnvironmentProblems(githubUnits(d), "preview", ROLES), "preview-stamps (stampA): a pull-request job declares the deployment environment stampA"],
    ["a preview reading repository secrets (no environment)", (d) => delete jobsOf(d)["preview-global"].environment, (d) => githubEnvironmentProblems(githubUnits(d), "preview", ROLES), "preview-global reads secrets without declaring an environment"],
    ["the plan diff reading a secret", (d) => (((jobsOf(d)["plan-diff"].steps as YamlMap[])[3].env as YamlMap).PULUMI_ACCESS_TOKEN = "${{ secrets.PULUMI_ACCESS_TOKEN }}"), (d) => githubEnvironmentProblems(githubUnits(d), "preview", ROLES), "plan-diff reads secrets without declaring an environment"],
    ["a details URL that is not one", (d) => (((jobsOf(d)["plan-diff"].steps as YamlMap[])[3].env as YamlMap).RUN_URL = "${{ github.repository }} run ${{ github.run_id }}"), (d) => detailsUrlProblems(githubUnits(d), URL_SAMPLES), "plan-diff: --details-url: not an http(s) URL"],
  ])("GitHub pull requests: %s", (_, breakIt, check, expected) => {
    const doc = prWorkflow();
    expect(check(doc)).toEqual([]);
    breakIt(doc);
    expect(check(doc).join("\n")).toContain(expected);
  });

  it("GitHub: a version comment that is not the pinned commit's", () => {
    const text = read(DEPLOY_WORKFLOW).replace("@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1", "@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.0");
    expect(githubStructureProblems(yaml.load(text) as YamlMap, text)).toContain("actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 is marked v7.0.0, but that commit is v7.0.1");
  });

  it.each<[string, (doc: YamlMap) => void, (doc: YamlMap) => string[], string]>([
    ["the last global not waiting for the stamps", (d) => (stageOf(d, "WireGlobal").dependsOn = ["DeployGlobal"]), (d) => orderProblems(azureUnits(d, read), ROLES), "does not wait for stampA"],
    ["the stamps not waiting for global", (d) => stampStages(d).forEach((stage) => (stage.dependsOn = [])), (d) => orderProblems(azureUnits(d, read), ROLES), "does not wait for the first deployment of global"],
    ["a cycle", (d) => (stageOf(d, "DeployGlobal").dependsOn = "WireGlobal"), (d) => azureStructureProblems(d, read), "dependency cycle"],
    ["dependsOn of no stage", (d) => (stageOf(d, "WireGlobal").dependsOn = "Deploy_stampZ"), (d) => azureStructureProblems(d, read), "dependsOn Deploy_stampZ, which is no stage"],
    ["a stamp left out of the pools", (d) => ((d.parameters as YamlMap[])[0].default = { stampA: "azs-hub-a" }), (d) => placementProblems(azureUnits(d, read), azureHubs(d), "deploy", ROLES), "no job runs deploy for stampB"],
    ["a misspelt task input", (d) => (deploySteps(firstJob(stageOf(d, "DeployGlobal")))[1].inputs = { stack: "global", command: "up", stackName: "x" }), (d) => azureStructureProblems(d, read), "Pulumi@1 has no input stackName"],
    ["an unknown task", (d) => deploySteps(firstJob(stageOf(d, "DeployGlobal"))).push({ task: "Pulumi@2", inputs: {} }), (d) => azureStructureProblems(d, read), "unknown task Pulumi@2"],
    ["a deployment job without an environment", (d) => delete firstJob(stageOf(d, "DeployGlobal")).environment, (d) => azureStructureProblems(d, read), "a deployment job without an environment"],
    ["a trigger that does not batch", (d) => delete (d.trigger as YamlMap).batch, (d) => azureSerialisationProblems(d), "the CI trigger does not batch"],
    ["a deployment for runs started by hand", (d) => (stageOf(d, "DeployGlobal").condition = "and(succeeded(), ne(variables['Build.Reason'], 'PullRequest'), eq(variables['Build.SourceBranch'], 'refs/heads/main'))"), (d) => azureSerialisationProblems(d), "stage DeployGlobal: condition and(succeeded(), ne(variables['Build.Reason'], 'PullRequest')"],
    ["a deployment stage on its own", (d) => (stageOf(d, "WireGlobal").dependsOn = []), (d) => azureSerialisationProblems(d), "stage WireGlobal: deploys without the deployment condition, after nothing"],
    ["a verify without --wait", (d) => (deploySteps(firstJob(stageOf(d, "WireGlobal")))[2].inputs = { azureSubscription: "${{ parameters.azureServiceConnection }}", scriptType: "bash", scriptLocation: "inlineScript", inlineScript: "npm run verify -- --stack global" }), (d) => verifyWaitProblems(azureUnits(d, read), VERIFY_WAIT), "WireGlobal.global: npm run verify -- --stack global does not wait 600 seconds"],
    ["the project's name in the details URL", (d) => { const job = firstJob(stageOf(d, "PlanDiff")); const steps = job.steps as YamlMap[]; steps[1].script = String(steps[1].script).replace("$(System.TeamProjectId)", "$(System.TeamProject)"); }, (d) => detailsUrlProblems(azureUnits(d, read), URL_SAMPLES), 'PlanDiff.PlanDiff: --details-url: not an http(s) URL: "https://dev.azure.com/contoso/HA Kubernetes/_build/results?buildId=4711"'],
    ["the deployment's variable group at the pipeline's level", (d) => (d.variables as YamlMap[]).push({ group: "azs-ha-kubernetes-global" }), (d) => azureSecretStoreProblems(azureUnits(d, read), azureConnections(d)), "PlanDiff.PlanDiff gets the variable groups azs-ha-kubernetes-global, not (none)"],
    ["a preview with a deployment's variable group", (d) => (firstJob(stageOf(d, "Preview")).variables = [{ group: "azs-ha-kubernetes-global" }]), (d) => azureSecretStoreProblems(azureUnits(d, read), azureConnections(d)), "Preview.global gets the variable groups azs-ha-kubernetes-global, not azs-ha-kubernetes-preview-global"],
    ["a preview with the deployment's service connection", (d) => (((firstJob(stageOf(d, "Preview")).steps as YamlMap[])[1].inputs as YamlMap).azureSubscription = "${{ parameters.azureServiceConnection }}"), (d) => azureSecretStoreProblems(azureUnits(d, read), azureConnections(d)), "Preview.global uses the service connection azs-ha-global, not azs-ha-global-preview"],
    ["a stamp deployed with its preview group", (d) => stampStages(d).forEach((stage) => (firstJob(stage).variables = [{ group: "azs-ha-kubernetes-preview-${{ hub.key }}" }])), (d) => azureSecretStoreProblems(azureUnits(d, read), azureConnections(d)), "Deploy_stampA.stampA gets the variable groups azs-ha-kubernetes-preview-stampA, not azs-ha-kubernetes-stampA"],
    ["a literal secret in a variable", (d) => (d.variables as YamlMap[]).push({ name: "PULUMI_ACCESS_TOKEN", value: "pul-0123456789abcdef0123456789abcdef01234567" }), (d) => secretProblems(d, [], AZURE_SECRET_VARS), "holds a Pulumi access token"],
    ["the service connection on a hub's pool", (d) => stampStages(d).forEach((stage) => (deploySteps(firstJob(stage))[2].inputs = { azureSubscription: "${{ parameters.azureServiceConnection }}", command: "up", stack: "${{ hub.key }}" })), (d) => secretProblems(d, azureUnits(d, read), AZURE_SECRET_VARS), "azureSubscription reaches a hub's runner"],
  ])("Azure Pipelines: %s", (_, breakIt, check, expected) => {
    const doc = azure();
    expect(check(doc)).toEqual([]);
    breakIt(doc);
    expect(check(doc).join("\n")).toContain(expected);
  });

  it("Azure Pipelines: a template expression this check does not understand is refused, not ignored", () => {
    const unknown = azure();
    (unknown.stages as YamlMap[]).push({ stage: "X", jobs: [{ job: "x", pool: { vmImage: "${{ parameters.pool }}" }, steps: [{ script: "true" }] }] });
    expect(() => azureUnits(unknown, read)).toThrow("template expression has no value: parameters.pool");
    const conditional = azure();
    (conditional.stages as YamlMap[]).push({ "${{ if eq(parameters.x, true) }}": [] });
    expect(() => azureUnits(conditional, read)).toThrow("template expression in a key not understood here");
  });
});
