/**
 * `npm run plan -- --stack <name> [--out <file>] [--show-secrets] [--preview]`
 * Evaluates the program for one stack offline (mock runtime, no credentials, no network) and
 * writes the plan JSON (default plan/<stack>.json) plus a short summary. See README "Offline plan".
 */
import { mkdirSync, readFileSync, writeFileSync } from "fs";
import * as path from "path";
import { evaluateStack, Plan, planJson } from "./plan/evaluate";
import type { StackReferenceFixture } from "./plan/mocks";
import { readStackFiles } from "./plan/stackFiles";

const ROOT = path.join(__dirname, "..");
const USAGE = "usage: npm run plan -- --stack <name> [--out <file>] [--show-secrets] [--preview] [--stack-references <file>]";
const DEFAULT_STACK_REFERENCES = path.join(__dirname, "plan", "stack-references.json");

function parseArgs(argv: string[]): { stack: string; out?: string; showSecrets: boolean; preview: boolean; stackReferences: string } {
  let stack: string | undefined;
  let out: string | undefined;
  let stackReferences = DEFAULT_STACK_REFERENCES;
  let showSecrets = false;
  let preview = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--stack") stack = argv[++i];
    else if (arg === "--out") out = argv[++i];
    else if (arg === "--show-secrets") showSecrets = true;
    else if (arg === "--preview") preview = true;
    else if (arg === "--stack-references") stackReferences = path.resolve(argv[++i]);
    else throw new Error(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
  }
  if (!stack) throw new Error(USAGE);
  return { stack, out, showSecrets, preview, stackReferences };
}

function summary(plan: Plan, placeholders: string[], out: string): string {
  const byType = new Map<string, number>();
  for (const r of plan.resources) byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
  const lines = [`stack ${plan.stack} (role ${plan.role}): ${plan.resources.length} resources`];
  for (const [type, count] of [...byType].sort()) lines.push(`  ${String(count).padStart(3)}  ${type}`);
  lines.push(`files for the helper: ${Object.keys(plan.files).length}`, ...Object.keys(plan.files).sort().map((f) => `  ${f}`));
  lines.push(`outputs: ${Object.keys(plan.outputs).sort().join(", ") || "(none)"}`);
  if (placeholders.length > 0) {
    lines.push(`secrets not in Pulumi.${plan.stack}.yaml, planned with placeholders: ${placeholders.join(", ")}`);
    lines.push("  before pulumi up, set each with: pulumi config set --secret <key> <value>");
  }
  lines.push(`plan written to ${path.relative(process.cwd(), out) || out}`);
  return lines.join("\n");
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const files = readStackFiles(ROOT, args.stack);
  const stackReferences = JSON.parse(readFileSync(args.stackReferences, "utf8")) as Record<string, StackReferenceFixture>;
  const plan = await evaluateStack({
    project: files.project,
    stack: args.stack,
    config: files.config,
    secretKeys: files.secretKeys,
    stackReferences,
    preview: args.preview,
    showSecrets: args.showSecrets,
  });
  const out = path.resolve(args.out ?? path.join(ROOT, "plan", `${args.stack}.json`));
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, planJson(plan));
  console.log(summary(plan, files.placeholderSecrets, out));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
