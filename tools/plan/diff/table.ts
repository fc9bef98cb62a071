/** Plain-text rendering of a plan diff for a terminal: one line per changed input path. Pure. */
import type { ResourceChange } from "./index";

export const VALUE_WIDTH = 60;

const render = (value: unknown) => (value === undefined ? "(none)" : JSON.stringify(value));

/** A value shortened to about `width` characters, starting 20 characters before `from`. */
function clip(text: string, from: number, width: number): string {
  if (text.length <= width) return text;
  const start = Math.max(0, Math.min(from - 20, text.length - width + 1));
  return `${start > 0 ? "…" : ""}${text.slice(start, start + width - 1)}${start + width - 1 < text.length ? "…" : ""}`;
}

/** `old → new`, each shortened around where they first differ, so the difference stays visible. */
export function formatChange(old: unknown, neu: unknown, width = VALUE_WIDTH): string {
  const [a, b] = [render(old), render(neu)];
  let from = 0;
  while (from < a.length && from < b.length && a[from] === b[from]) from++;
  return `${clip(a, from, width)} → ${clip(b, from, width)}`;
}

/** Rows: resource name, type, action, then each change (or note) on its own line. */
export function renderTable(changes: readonly ResourceChange[]): string {
  const rows: string[][] = [["RESOURCE", "TYPE", "ACTION", "CHANGE"]];
  for (const c of changes) {
    const lines = [
      ...c.changes.map((i) => `${i.path}: ${formatChange(i.old, i.new)}${i.replaces ? " (forces replacement)" : ""}`),
      ...c.notes.map((n) => `note: ${n}`),
    ];
    lines.forEach((line, i) => rows.push(i === 0 ? [c.name, c.type, c.action, line] : ["", "", "", line]));
    if (lines.length === 0) rows.push([c.name, c.type, c.action, ""]);
  }
  const widths = [0, 1, 2].map((col) => Math.max(...rows.map((r) => r[col].length)));
  return rows.map((r) => r.map((cell, col) => (col < 3 ? cell.padEnd(widths[col]) : cell)).join("  ").trimEnd()).join("\n");
}

export function summarize(changes: readonly ResourceChange[]): string {
  const count = (action: string) => changes.filter((c) => c.action === action).length;
  const parts = ["create", "replace", "update", "delete"].map((a) => `${count(a)} ${a}`);
  const reads = count("read");
  return `${parts.join(", ")}${reads > 0 ? `, ${reads} read${reads === 1 ? "" : "s"} changed` : ""}`;
}
