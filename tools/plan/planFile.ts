/**
 * The plan file on disk (plan/<stack>.json). Each file put on the helper is written as its lines,
 * so a reviewer reads the scripts and the apimodel as text, not as 10 000-character escaped
 * strings; reading joins them back. Kept apart from evaluate.ts, which loads the Pulumi runtime. Pure.
 */
import { stableStringify } from "../../util/json";

interface PlanWithFiles {
  readonly files?: Readonly<Record<string, unknown>>;
}

const mapFiles = <P extends PlanWithFiles>(plan: P, map: (content: unknown) => unknown): P =>
  plan.files === undefined ? plan : { ...plan, files: Object.fromEntries(Object.entries(plan.files).map(([remotePath, content]) => [remotePath, map(content)])) };

export function planJson<P extends PlanWithFiles>(plan: P): string {
  // "[secret]" and "[unknown]" stay strings: they are placeholders, not a file's text.
  return stableStringify(mapFiles(plan, (content) => (typeof content === "string" && !/^\[(secret|unknown)\]$/.test(content) ? content.split("\n") : content))) + "\n";
}

/** A plan file read back; plans written before files were split into lines are read as they are. */
export function readPlanJson<P extends PlanWithFiles>(text: string): P {
  return mapFiles(JSON.parse(text) as P, (content) => (Array.isArray(content) ? content.join("\n") : content));
}
