/**
 * Markdown for a pull-request comment from two offline plans (`npm run plan:diff`): a summary line,
 * then the resources created, deleted, replaced, updated (and changed reads) with each changed
 * input path and old → new value, then the files put on the helper that differ, as unified diffs.
 * Pure: plans in, text out. The resource diff is tools/plan/diff (secrets masked there); a file
 * whose copy step holds its source as a secret is never shown.
 */
import { SECRET } from "../evaluate";
import { COPY_TYPE, withFileReferences } from "../fileRefs";
import { changesSomething, diffPlans, PlanLike, PlanResourceLike, reported, ResourceChange } from "./index";
import { formatChange, summarize } from "./table";
import { unifiedDiff } from "./unified";

export interface DiffablePlan extends PlanLike {
  readonly files?: Readonly<Record<string, unknown>>;
}

export interface FileChange {
  readonly path: string;
  readonly kind: "add" | "delete" | "update";
  /** The unified diff; undefined when the file is secret or not known (preview). */
  readonly diff?: string;
  readonly added: number;
  readonly removed: number;
  /** Why no diff is shown. */
  readonly note?: string;
}

export interface PlanDiffReport {
  readonly markdown: string;
  readonly changes: readonly ResourceChange[];
  readonly files: readonly FileChange[];
  /** Something would be created, replaced, updated or deleted, or a file differs: exit code 2. */
  readonly changesSomething: boolean;
}

export interface RenderOptions {
  readonly stack: string;
  /** The base, as given (e.g. `origin/main`), and what it resolved to. */
  readonly base: string;
  readonly baseCommit?: string;
  /** Set when the stack has no stack file at the base: everything is created. */
  readonly newStack?: boolean;
}

const SECTIONS: readonly [ResourceChange["action"], string][] = [
  ["create", "Created"],
  ["delete", "Deleted"],
  ["replace", "Replaced"],
  ["update", "Updated"],
  ["read", "Reads changed (change nothing)"],
];

/** Inline code that survives backticks in the text. */
export function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A fence longer than any run of backticks in the text. */
function fenced(text: string, info: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${info}\n${text}\n${fence}`;
}

/** Paths whose copy step holds a secret source: their text is never shown. */
function secretFiles(plan: DiffablePlan): Set<string> {
  const secret = new Set<string>();
  for (const r of plan.resources as readonly PlanResourceLike[]) {
    if (r.type !== COPY_TYPE) continue;
    if ((r.secretInputs ?? []).some((p) => p === "source" || p.startsWith("source.") || p.startsWith("source["))) secret.add(String(r.inputs.remotePath));
  }
  return secret;
}

export function fileChanges(before: DiffablePlan, after: DiffablePlan): FileChange[] {
  const [old, neu] = [before.files ?? {}, after.files ?? {}];
  const secret = new Set([...secretFiles(before), ...secretFiles(after)]);
  const paths = [...new Set([...Object.keys(old), ...Object.keys(neu)])].sort();
  const out: FileChange[] = [];
  for (const path of paths) {
    const [a, b] = [old[path], neu[path]];
    if (path in old && path in neu && a === b) continue;
    const kind = !(path in old) ? "add" : !(path in neu) ? "delete" : "update";
    const texts = [a ?? "", b ?? ""];
    if (secret.has(path) || a === SECRET || b === SECRET) {
      out.push({ path, kind, added: 0, removed: 0, note: "secret: its content is not shown" });
    } else if (texts.some((t) => typeof t !== "string") || texts.includes("[unknown]")) {
      out.push({ path, kind, added: 0, removed: 0, note: "not known offline (preview)" });
    } else {
      const diff = unifiedDiff(texts[0] as string, texts[1] as string, kind === "add" ? "/dev/null" : `a${path}`, kind === "delete" ? "/dev/null" : `b${path}`);
      out.push({ path, kind, diff: diff.text, added: diff.added, removed: diff.removed });
    }
  }
  return out;
}

/** Values are shortened around where they first differ (wider than the terminal table). */
export const MARKDOWN_VALUE_WIDTH = 100;
const ARROW = " → ";

function valuePair(old: unknown, neu: unknown): [string, string] {
  const text = formatChange(old, neu, MARKDOWN_VALUE_WIDTH);
  // formatChange renders an absent side as "(none)", which holds no arrow
  const at = old === undefined ? text.indexOf(ARROW) : neu === undefined ? text.lastIndexOf(ARROW) : text.indexOf(ARROW);
  return [text.slice(0, at), text.slice(at + ARROW.length)];
}

function resourceLines(change: ResourceChange): string[] {
  const lines = [`- ${code(change.name)} · ${code(change.type)}`];
  for (const input of change.changes) {
    const [a, b] = valuePair(input.old, input.new);
    const value = input.kind === "add" ? `(added) ${code(b)}` : input.kind === "delete" ? `${code(a)} (removed)` : `${code(a)} → ${code(b)}`;
    lines.push(`  - ${code(input.path)}: ${value}${input.replaces ? " **forces replacement**" : ""}${input.secret ? " _(secret)_" : ""}`);
  }
  for (const note of change.notes) lines.push(`  - _${note.replace(/[_*]/g, "\\$&")}_`);
  return lines;
}

/** The comment for two plans of one stack (plans of either form: files referenced or inline). */
export function renderPlanDiff(beforePlan: DiffablePlan, afterPlan: DiffablePlan, options: RenderOptions): PlanDiffReport {
  const [before, after] = [withFileReferences(beforePlan), withFileReferences(afterPlan)];
  const all = diffPlans(before, after);
  const changes = reported(all);
  const files = fileChanges(before, after);
  const something = changesSomething(all) || files.length > 0;
  const base = options.baseCommit ? `${code(options.base)} (${code(options.baseCommit.slice(0, 12))})` : code(options.base);
  const lines = [`### Offline plan diff: stack ${code(options.stack)}`, ""];
  const fileCount = `${files.length} file${files.length === 1 ? "" : "s"} on the helper changed`;
  lines.push(something || changes.length > 0 ? `**${summarize(changes)}; ${fileCount}** (base ${base} → working tree)` : `**No changes** (base ${base} → working tree)`);
  if (options.newStack) lines.push("", `The stack has no stack file at the base: everything is created.`);
  for (const [action, title] of SECTIONS) {
    const ofAction = changes.filter((c) => c.action === action);
    if (ofAction.length === 0) continue;
    lines.push("", `#### ${title} (${ofAction.length})`, "");
    for (const change of ofAction) lines.push(...resourceLines(change));
  }
  if (files.length > 0) {
    lines.push("", `#### Files on the helper (${files.length})`, "");
    for (const file of files) {
      const what = file.kind === "add" ? "new" : file.kind === "delete" ? "removed" : "changed";
      const summary = `${code(file.path)}: ${what}${file.diff !== undefined ? ` (+${file.added} −${file.removed})` : `, ${file.note}`}`;
      if (file.diff === undefined) lines.push(`- ${summary}`);
      else lines.push("<details>", `<summary>${summary.replace(/`([^`]*)`/g, "<code>$1</code>")}</summary>`, "", fenced(file.diff, "diff"), "", "</details>", "");
    }
  }
  lines.push("", "_Evaluated offline with mock values (no credentials); secrets are masked. Ids and outputs of replaced resources do not change offline: look at what depends on a replaced resource._");
  return { markdown: lines.join("\n").replace(/\n{3,}/g, "\n\n") + "\n", changes, files, changesSomething: something };
}
