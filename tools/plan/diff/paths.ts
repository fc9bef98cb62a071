/**
 * Property paths and value comparison for the plan diff. Pure.
 *
 * Two spellings of one path exist: Pulumi's property path (`resource.PropertyPath` in
 * pulumi/pulumi sdk/go/common/resource/properties_path.go: `a.b[0]["c.d"]`), which the engine
 * prints and which `ignoreChanges`/`replaceOnChanges` take, and the offline plan's `secretInputs`
 * spelling (tools/plan/evaluate.ts `normalize`: keys always joined with ".", indices as `[n]`).
 */

export type Segment = string | number;
/** `*` in a Pulumi property path: any key or index. */
export const ANY: unique symbol = Symbol("any");
export type PatternSegment = Segment | typeof ANY;
export type Pattern = readonly PatternSegment[];

export type Json = unknown;
type JsonObject = Record<string, unknown>;

export const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === "object" && !Array.isArray(v);

/** Pulumi's spelling (PropertyPath.String): `metadata.labels["app.kubernetes.io/name"]`, `triggers[0]`. */
export function formatPath(segments: readonly Segment[]): string {
  let out = "";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else if (/[."[\]]/.test(s)) out += `["${s.replace(/"/g, '\\"')}"]`;
    else out += out ? `.${s}` : s;
  }
  return out;
}

/** The offline plan's `secretInputs` spelling (evaluate.ts `normalize`). */
export function planPath(segments: readonly Segment[]): string {
  let out = "";
  for (const s of segments) out += typeof s === "number" ? `[${s}]` : out ? `.${s}` : s;
  return out;
}

/** Parses a Pulumi property path: `a.b`, `a[0]`, `a["b.c"]`, `a[*]`, `a.*`. */
export function parsePath(text: string): Pattern {
  const out: PatternSegment[] = [];
  let i = 0;
  while (i < text.length) {
    // pulumi/pulumi sdk/go/common/resource/properties_path.go `parsePropertyPath` (loose mode)
    // skips every dot on its own, so `a..b` is `a.b` and a trailing dot adds nothing.
    while (text[i] === ".") i++;
    if (i === text.length) break;
    if (text[i] === "[") {
      const close = text.startsWith('["', i) ? text.indexOf('"]', i + 2) + 1 : text.indexOf("]", i);
      if (close <= i) throw new Error(`invalid property path ${JSON.stringify(text)}`);
      const inner = text.slice(i + 1, close);
      out.push(inner === "*" ? ANY : inner.startsWith('"') ? (JSON.parse(inner) as string) : /^\d+$/.test(inner) ? Number(inner) : inner);
      i = close + 1;
    } else {
      const end = text.slice(i).search(/[.[]/);
      const key = end < 0 ? text.slice(i) : text.slice(i, i + end);
      out.push(key === "*" ? ANY : key);
      i += key.length;
    }
  }
  return out;
}

const segmentMatches = (p: PatternSegment, s: Segment) => p === ANY || p === s;

/** Whether the change at `segments` lies within `pattern` (pulumi's PropertyPath.Contains). */
export function within(pattern: Pattern, segments: readonly Segment[]): boolean {
  return pattern.length <= segments.length && pattern.every((p, i) => segmentMatches(p, segments[i]));
}

/** Whether `value` holds something at `pattern` (wildcards match any key or index). */
export function holds(value: unknown, pattern: Pattern): boolean {
  if (pattern.length === 0) return value !== undefined;
  const [head, ...rest] = pattern;
  const children: unknown[] = Array.isArray(value)
    ? value.filter((_, i) => head === ANY || head === i)
    : isObject(value)
      ? Object.entries(value).filter(([k]) => head === ANY || head === k).map(([, v]) => v)
      : [];
  return children.some((child) => holds(child, rest));
}

/**
 * Whether a change at `segments` (old → new there) touches `pattern`: it lies within it, or it
 * adds, removes or rewrites a whole object that holds the pattern's path (a patch that replaces
 * `spec` while a replacement is forced on `spec.selector`).
 */
export function touches(pattern: Pattern, segments: readonly Segment[], old: unknown, neu: unknown): boolean {
  if (within(pattern, segments)) return true;
  if (!pattern.slice(0, segments.length).every((p, i) => segmentMatches(p, segments[i]))) return false;
  const rest = pattern.slice(segments.length);
  return holds(old, rest) || holds(neu, rest);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

export interface LeafChange {
  readonly segments: Segment[];
  readonly kind: "add" | "delete" | "update";
  readonly old?: unknown;
  readonly new?: unknown;
}

/**
 * The changed leaves between two values, as pulumi's detailed diff lists them
 * (`plugin.NewDetailedDiffFromObjectDiff`): objects key by key, arrays index by index.
 */
export function leafChanges(old: unknown, neu: unknown, at: Segment[] = []): LeafChange[] {
  if (deepEqual(old, neu)) return [];
  if (old === undefined) return [{ segments: at, kind: "add", new: neu }];
  if (neu === undefined) return [{ segments: at, kind: "delete", old }];
  if (isObject(old) && isObject(neu)) {
    const keys = [...new Set([...Object.keys(old), ...Object.keys(neu)])].sort();
    return keys.flatMap((k) => leafChanges(old[k], neu[k], [...at, k]));
  }
  if (Array.isArray(old) && Array.isArray(neu)) {
    const length = Math.max(old.length, neu.length);
    return Array.from({ length }, (_, i) => leafChanges(old[i], neu[i], [...at, i])).flat();
  }
  return [{ segments: at, kind: "update", old, new: neu }];
}

/** The concrete paths a pattern names in a value (wildcards expanded over its keys). */
function expand(value: unknown, pattern: Pattern, at: Segment[] = []): Segment[][] {
  if (pattern.length === 0) return [at];
  const [head, ...rest] = pattern;
  const keys: Segment[] = head !== ANY ? [head] : Array.isArray(value) ? value.map((_, i) => i) : isObject(value) ? Object.keys(value) : [];
  return keys.flatMap((k) => expand(child(value, k), rest, [...at, k]));
}

function child(value: unknown, key: Segment): unknown {
  if (Array.isArray(value) && typeof key === "number") return value[key];
  return isObject(value) && typeof key === "string" ? value[key] : undefined;
}

function setAt(root: unknown, segments: readonly Segment[], value: unknown): void {
  let node = root;
  for (const s of segments.slice(0, -1)) node = child(node, s);
  const last = segments[segments.length - 1];
  if (Array.isArray(node) && typeof last === "number") {
    if (value !== undefined) node[last] = value;
  } else if (isObject(node) && typeof last === "string") {
    if (value === undefined) delete node[last];
    else node[last] = value;
  }
}

/**
 * `ignoreChanges`: the new inputs with every ignored path reset to its old value (or removed
 * when it had none), as pulumi's `processIgnoreChanges` (pkg/resource/deploy/step_generator.go,
 * PropertyPath.Reset) does before the provider's Diff.
 */
export function resetIgnored(old: Record<string, unknown>, neu: Record<string, unknown>, ignored: readonly string[]): Record<string, unknown> {
  const out = structuredClone(neu);
  for (const text of ignored) {
    const pattern = parsePath(text);
    const paths = [...expand(old, pattern), ...expand(out, pattern)];
    for (const path of paths) setAt(out, path, structuredClone(path.reduce<unknown>(child, old)));
  }
  return out;
}
