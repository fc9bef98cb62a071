/**
 * `npm run plan -- --stack <name> [--out <file>] [--show-secrets] [--preview] [--stack-references <file>]`
 * (`--option=value` works too). Applies the Pulumi CLI's config merge (tools/plan/cliConfigMerge.ts),
 * then evaluates the program for one stack offline (mock runtime, no credentials, no network) and
 * writes the plan JSON (default plan/<stack>.json) plus a short summary. See README "Offline plan".
 * A failure prints its message on stderr, never a stack trace.
 */
import { mkdirSync, readFileSync, writeFileSync } from "fs";
import * as path from "path";
import { evaluateStack, Plan } from "./plan/evaluate";
import { planJson } from "./plan/planFile";
import type { StackReferenceFixture } from "./plan/mocks";
import { InputError, parseOptions, runCli } from "./plan/cli";
import { readStackFiles, StackFileConfig } from "./plan/stackFiles";
import { DEFAULT_STACK_REFERENCES, PROJECT_ROOT } from "./ops/project";

const USAGE = "usage: npm run plan -- --stack <name> [--out <file>] [--show-secrets] [--preview] [--stack-references <file>]";

function parseArgs(argv: string[]): { stack: string; out?: string; showSecrets: boolean; preview: boolean; stackReferences: string } {
  const { values, flags } = parseOptions(argv, { usage: USAGE, values: ["--stack", "--out", "--stack-references"], flags: ["--show-secrets", "--preview"], required: ["--stack"] });
  const stackReferences = values["--stack-references"] ? path.resolve(values["--stack-references"]) : DEFAULT_STACK_REFERENCES;
  return { stack: values["--stack"], out: values["--out"], showSecrets: flags.has("--show-secrets"), preview: flags.has("--preview"), stackReferences };
}

function summary(plan: Plan, files: StackFileConfig, out: string): string {
  const byType = new Map<string, number>();
  for (const r of plan.resources) byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
  const lines = [`stack ${plan.stack} (role ${plan.role}): ${plan.resources.length} resources`];
  for (const [type, count] of [...byType].sort()) lines.push(`  ${String(count).padStart(3)}  ${type}`);
  lines.push(`files for the helper: ${Object.keys(plan.files).length}`, ...Object.keys(plan.files).sort().map((f) => `  ${f}`));
  lines.push(`outputs: ${Object.keys(plan.outputs).sort().join(", ") || "(none)"}`);
  if (files.placeholderSecrets.length > 0) {
    lines.push(`secrets not in Pulumi.${plan.stack}.yaml, planned with placeholders: ${files.placeholderSecrets.join(", ")}`);
    lines.push("  before pulumi up, set each with: pulumi config set --secret <key> <value>");
  }
  lines.push(...files.warnings.map((warning) => `warning: ${warning}`));
  lines.push(`plan written to ${path.relative(process.cwd(), out) || out}`);
  return lines.join("\n");
}

/** Errors the mocks threw at the Pulumi runtime, which reports them wrapped in its own messages. */
const failures: Error[] = [];


function readInputs(argv: string[]) {
  try {
    const args = parseArgs(argv);
    const files = readStackFiles(PROJECT_ROOT, args.stack);
    const stackReferences = JSON.parse(readFileSync(args.stackReferences, "utf8")) as Record<string, StackReferenceFixture>;
    return { args, files, stackReferences };
  } catch (error) {
    throw new InputError(error instanceof Error ? error.message : String(error));
  }
}

async function main(): Promise<void> {
  const { args, files, stackReferences } = readInputs(process.argv.slice(2));
  const plan = await evaluateStack({
    project: files.project,
    stack: args.stack,
    config: files.config,
    secretKeys: files.secretKeys,
    stackReferences,
    preview: args.preview,
    showSecrets: args.showSecrets,
    failures,
  });
  const out = path.resolve(args.out ?? path.join(PROJECT_ROOT, "plan", `${args.stack}.json`));
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, planJson(plan));
  console.log(summary(plan, files, out));
}

runCli(async () => (await main(), 0), failures);
