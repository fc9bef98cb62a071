/** The table printed after a deployment, and its exit code. Pure. */
import type { OpMap, OpType } from "@pulumi/pulumi/automation";
import { renderRows } from "../ops/table";
import type { StackReport } from "./orchestrate";

/** The counts a reader looks for first; any other operation follows, alphabetically. */
const FIRST: readonly OpType[] = ["create", "update", "replace", "delete", "same"];

/** `2 create, 1 update, 20 same`; `-` when the CLI reported no counts. */
export function formatChanges(changes: OpMap): string {
  const rank = (op: string) => (FIRST.includes(op as OpType) ? FIRST.indexOf(op as OpType) : FIRST.length);
  const counted = Object.entries(changes).filter((entry): entry is [string, number] => (entry[1] ?? 0) > 0);
  counted.sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
  return counted.map(([op, count]) => `${count} ${op}`).join(", ") || "-";
}

/** `0.4s`, `42.0s`, `3m 05s`, `1h 02m`. */
export function formatDuration(ms: number): string {
  const tenths = Math.round(ms / 100);
  if (tenths < 600) return `${(tenths / 10).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, "0")}s`;
  return `${Math.floor(seconds / 3600)}h ${String(Math.floor((seconds % 3600) / 60)).padStart(2, "0")}m`;
}

/** 0 when every stack of every phase succeeded, else 1 (a stack that did not run implies an earlier failure). */
export function exitCode(reports: readonly StackReport[]): 0 | 1 {
  return reports.length > 0 && reports.every((report) => report.result === "succeeded") ? 0 : 1;
}

export function renderSummary(reports: readonly StackReport[]): string {
  const rows = reports.map((r) => [
    r.stack,
    r.phase,
    r.operation,
    r.result,
    r.result === "succeeded" ? formatChanges(r.changes) : "-",
    r.result === "not run" ? "-" : formatDuration(r.durationMs),
  ]);
  const lines = [renderRows(["STACK", "PHASE", "OPERATION", "RESULT", "CHANGES", "DURATION"], rows), ""];
  for (const r of reports) if (r.result === "failed") lines.push(`${r.stack} (phase ${r.phase}): ${r.operation} failed: ${r.reason}`);
  const notRun = reports.filter((r) => r.result === "not run");
  if (notRun.length > 0) lines.push(`not run, because an earlier phase failed: ${notRun.map((r) => `${r.stack} (phase ${r.phase})`).join(", ")}`);
  const operation = reports.some((r) => r.operation === "up") ? "deployment" : "preview";
  lines.push(exitCode(reports) === 0 ? `${operation} succeeded` : `${operation} failed`);
  return lines.join("\n");
}
