/** Plain-text tables for the tools' summaries: columns padded to their widest cell. Pure. */
export function renderRows(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, col) => Math.max(...all.map((row) => (row[col] ?? "").length)));
  return all.map((row) => header.map((_, col) => (row[col] ?? "").padEnd(widths[col])).join("  ").trimEnd()).join("\n");
}
