/**
 * A small line-based unified diff (as `diff -u`), for the files put on the helper in the plan
 * diff of pull requests. Pure. The longest common subsequence of lines after trimming the common
 * head and tail; past MAX_CELLS (very long, very different files) it shows all old lines removed
 * and all new ones added.
 */
const MAX_CELLS = 4_000_000;

type Op = { readonly kind: " " | "-" | "+"; readonly line: string };

export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

function lineOps(a: readonly string[], b: readonly string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const [x, y] = [a.slice(head, a.length - tail), b.slice(head, b.length - tail)];
  const middle: Op[] = [];
  if (x.length * y.length > MAX_CELLS) {
    middle.push(...x.map((line): Op => ({ kind: "-", line })), ...y.map((line): Op => ({ kind: "+", line })));
  } else {
    // lcs[i][j]: the LCS length of x[i..] and y[j..]
    const lcs = Array.from({ length: x.length + 1 }, () => new Uint32Array(y.length + 1));
    for (let i = x.length - 1; i >= 0; i--) for (let j = y.length - 1; j >= 0; j--) lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    let [i, j] = [0, 0];
    while (i < x.length || j < y.length) {
      if (i < x.length && j < y.length && x[i] === y[j]) middle.push({ kind: " ", line: x[i++] }), j++;
      else if (i < x.length && (j === y.length || lcs[i + 1][j] >= lcs[i][j + 1])) middle.push({ kind: "-", line: x[i++] });
      else middle.push({ kind: "+", line: y[j++] });
    }
  }
  return [...a.slice(0, head).map((line): Op => ({ kind: " ", line })), ...middle, ...a.slice(a.length - tail).map((line): Op => ({ kind: " ", line }))];
}

export interface UnifiedDiff {
  /** The `---`/`+++` header and the hunks; "" when the texts are equal. */
  readonly text: string;
  readonly added: number;
  readonly removed: number;
}

/** `diff -u` of two texts, `context` lines around each change. */
export function unifiedDiff(oldText: string, newText: string, oldName: string, newName: string, context = 3): UnifiedDiff {
  const ops = lineOps(splitLines(oldText), splitLines(newText));
  const changed = ops.map((op, i) => (op.kind === " " ? -1 : i)).filter((i) => i >= 0);
  const added = ops.filter((op) => op.kind === "+").length;
  const removed = ops.filter((op) => op.kind === "-").length;
  const newlineNote = oldText !== newText && changed.length === 0; // only the final newline differs
  if (oldText === newText) return { text: "", added: 0, removed: 0 };
  const out = [`--- ${oldName}`, `+++ ${newName}`];
  if (newlineNote) {
    out.push("(only the newline at the end of the file differs)");
    return { text: out.join("\n"), added, removed };
  }
  // Group changed ops into hunks whose context windows overlap or touch: diff -u makes one hunk of
  // two changes with up to 2 × context unchanged lines between them.
  const groups: [number, number][] = [];
  for (const i of changed) {
    const last = groups[groups.length - 1];
    if (last && i - last[1] - 1 <= 2 * context) last[1] = i;
    else groups.push([i, i]);
  }
  // Line numbers (1-based) before each op, on both sides.
  const oldAt: number[] = [];
  const newAt: number[] = [];
  let [o, n] = [1, 1];
  for (const op of ops) {
    oldAt.push(o);
    newAt.push(n);
    if (op.kind !== "+") o++;
    if (op.kind !== "-") n++;
  }
  for (const [first, last] of groups) {
    const [from, to] = [Math.max(0, first - context), Math.min(ops.length - 1, last + context)];
    const hunk = ops.slice(from, to + 1);
    const oldCount = hunk.filter((op) => op.kind !== "+").length;
    const newCount = hunk.filter((op) => op.kind !== "-").length;
    // diff -u numbers an empty side by the line before it
    const oldStart = oldCount === 0 ? oldAt[from] - 1 : oldAt[from];
    const newStart = newCount === 0 ? newAt[from] - 1 : newAt[from];
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`, ...hunk.map((op) => `${op.kind}${op.line}`));
  }
  return { text: out.join("\n"), added, removed };
}
