/**
 * The plan file on disk (plan/<stack>.json). Each file put on the helper, and each ConfigMap's
 * data (the script MongoDB's pods run), is written as its lines, so a reviewer reads the scripts
 * and the apimodel as text, not as 10 000-character escaped strings; reading joins them back.
 * Kept apart from evaluate.ts, which loads the Pulumi runtime. Pure.
 */
import { stableStringify } from "../../util/json";

const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";

interface PlanWithFiles {
  readonly files?: Readonly<Record<string, unknown>>;
  readonly resources?: readonly { readonly type: string; readonly inputs: Readonly<Record<string, unknown>> }[];
}

const mapValues = (record: Readonly<Record<string, unknown>>, map: (content: unknown) => unknown) =>
  Object.fromEntries(Object.entries(record).map(([key, content]) => [key, map(content)]));

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

function mapTexts<P extends PlanWithFiles>(plan: P, map: (content: unknown) => unknown): P {
  const files = plan.files === undefined ? {} : { files: mapValues(plan.files, map) };
  const resources =
    plan.resources === undefined
      ? {}
      : { resources: plan.resources.map((r) => (r.type === CONFIG_MAP && isRecord(r.inputs.data) ? { ...r, inputs: { ...r.inputs, data: mapValues(r.inputs.data, map) } } : r)) };
  return { ...plan, ...files, ...resources };
}

export function planJson<P extends PlanWithFiles>(plan: P): string {
  // "[secret]" and "[unknown]" stay strings: they are placeholders, not a file's text.
  return stableStringify(mapTexts(plan, (content) => (typeof content === "string" && !/^\[(secret|unknown)\]$/.test(content) ? content.split("\n") : content))) + "\n";
}

/** A plan file read back; plans written before texts were split into lines are read as they are. */
export function readPlanJson<P extends PlanWithFiles>(text: string): P {
  return mapTexts(JSON.parse(text) as P, (content) => (Array.isArray(content) ? content.join("\n") : content));
}
