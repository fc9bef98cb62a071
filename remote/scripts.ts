/**
 * The helper-VM scripts as data: their text (read from `scripts/`, shipped with the program),
 * where they live on the helper, and the command lines that run them. A script's hash is part
 * of every command line that runs it, so changing a script shows as an update of the steps
 * that use it (triggers would replace them instead; DESIGN.md section 6).
 */
import { createHash } from "crypto";
import { readFileSync } from "fs";
import * as path from "path";

const SCRIPTS_DIR = path.join(__dirname, "..", "scripts");

export const COMMON_LIBRARY = "lib/common.sh";
/** The detached-run machinery (one operation at a time on the helper) of deploy and the day-2 operations. */
export const OPERATION_LIBRARY = "lib/operation.sh";
/** Reads and edits the generated apimodel's text. */
export const APIMODEL_LIBRARY = "lib/apimodel.sh";
type HelperLibrary = typeof COMMON_LIBRARY | typeof OPERATION_LIBRARY | typeof APIMODEL_LIBRARY;
export type HelperScript =
  | "install-aks-engine.sh"
  | "deploy-cluster.sh"
  | "aks-engine-worker.sh"
  | "restore-cluster-state.sh"
  | "read-apimodel.sh"
  | "upgrade-cluster.sh"
  | "refresh-node-images.sh"
  | "scale-cluster.sh";
export const HELPER_SCRIPTS: readonly (HelperScript | HelperLibrary)[] = [
  COMMON_LIBRARY,
  OPERATION_LIBRARY,
  APIMODEL_LIBRARY,
  "install-aks-engine.sh",
  "deploy-cluster.sh",
  "aks-engine-worker.sh",
  "restore-cluster-state.sh",
  "read-apimodel.sh",
  "upgrade-cluster.sh",
  "refresh-node-images.sh",
  "scale-cluster.sh",
];

export function scriptText(name: string): string {
  return readFileSync(path.join(SCRIPTS_DIR, name), "utf8");
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Single-quotes a word for bash. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'"'"'`)}'`;
}

/** Remote paths under the helper's work directory (mirrors `set_layout` in scripts/lib/common.sh). */
export function helperPaths(workDir: string) {
  return {
    work: workDir,
    scripts: `${workDir}/scripts`,
    script: (name: string) => `${workDir}/scripts/${name}`,
    bin: `${workDir}/bin`,
    cluster: `${workDir}/cluster`,
    state: `${workDir}/cluster/state`,
    inputApimodel: `${workDir}/cluster/apimodel.input.json`,
    clientCertificate: `${workDir}/cluster/client-certificate.pem`,
  };
}

/** Scripts a command runs: the script itself, what it sources, and what it starts. */
const WORKER = ["aks-engine-worker.sh", COMMON_LIBRARY, APIMODEL_LIBRARY];
export const SCRIPT_CLOSURE: Record<HelperScript, readonly string[]> = {
  "install-aks-engine.sh": ["install-aks-engine.sh", COMMON_LIBRARY],
  "deploy-cluster.sh": ["deploy-cluster.sh", OPERATION_LIBRARY, ...WORKER],
  "aks-engine-worker.sh": WORKER,
  "restore-cluster-state.sh": ["restore-cluster-state.sh", COMMON_LIBRARY],
  "read-apimodel.sh": ["read-apimodel.sh", COMMON_LIBRARY],
  "upgrade-cluster.sh": ["upgrade-cluster.sh", OPERATION_LIBRARY, ...WORKER],
  "refresh-node-images.sh": ["refresh-node-images.sh", OPERATION_LIBRARY, ...WORKER],
  "scale-cluster.sh": ["scale-cluster.sh", OPERATION_LIBRARY, ...WORKER],
};

export function scriptsHash(script: HelperScript): string {
  return sha256(SCRIPT_CLOSURE[script].map((name) => `${name}\n${scriptText(name)}`).join("\n")).slice(0, 16);
}

/**
 * `bash <work>/scripts/<script> --flag value ... # scripts <hash>, helper generation <n>`.
 * Flags with undefined values are left out; values are quoted; secrets never belong here
 * (they go on stdin). The helper generation makes every step run again on a rebuilt helper.
 */
export function scriptCommand(workDir: string, script: HelperScript, flags: Record<string, string | number | undefined>, helperGeneration: number): string {
  const words = ["bash", shellQuote(helperPaths(workDir).script(script))];
  for (const [flag, value] of Object.entries(flags)) {
    if (value !== undefined) words.push(`--${flag}`, shellQuote(String(value)));
  }
  return `${words.join(" ")} # scripts ${scriptsHash(script)}, helper generation ${helperGeneration}`;
}
