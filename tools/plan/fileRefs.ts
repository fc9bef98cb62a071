/**
 * The plan keeps the text of every file put on the helper once, in `files` (by remote path). A
 * copy step's `inputs.source` refers to it as `{ file: <remote path>, sha256: <hex of the text> }`:
 * the plan stays readable and deterministic, and a changed file still changes the copy step's
 * inputs (the diff engine reports it as "copies the file again"). Pure.
 */
import { createHash } from "crypto";

export const COPY_TYPE = "command:remote:CopyToRemote";
const PLACEHOLDERS = ["[secret]", "[unknown]"];

export interface FileReference {
  readonly file: string;
  readonly sha256: string;
}

export const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** The source held as text (not a placeholder): what a reference replaces. */
function sourceText(source: unknown): string | undefined {
  if (source === null || typeof source !== "object") return undefined;
  const text = (source as Record<string, unknown>).text;
  return typeof text === "string" && !PLACEHOLDERS.includes(text) ? text : undefined;
}

/**
 * A copy step's inputs with its source as a reference to `files`. Unchanged when the source is not
 * text (unknown in a preview, secret, a path) or already a reference. Also accepts plans written
 * before references, so plans of either form compare equal.
 */
export function referenceSource(type: string, inputs: Record<string, unknown>): Record<string, unknown> {
  if (type !== COPY_TYPE) return inputs;
  const text = sourceText(inputs.source);
  if (text === undefined) return inputs;
  const reference: FileReference = { file: String(inputs.remotePath), sha256: sha256(text) };
  return { ...inputs, source: reference };
}

interface PlanShape<R> {
  readonly resources: readonly R[];
}

/** A plan (either form) with every copy step's source as a reference. */
export function withFileReferences<R extends { readonly type: string; readonly inputs: Record<string, unknown> }, P extends PlanShape<R>>(plan: P): P {
  return { ...plan, resources: plan.resources.map((r) => ({ ...r, inputs: referenceSource(r.type, r.inputs) })) };
}
