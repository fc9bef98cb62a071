/**
 * Stack config namespaces. Pure: the program checks the keys the Pulumi runtime hands it
 * (config/load.ts) and the offline plan those of the stack file (tools/plan/stackFiles.ts).
 */

/** Namespaces besides the project's own: the providers the program uses, and `pulumi` (engine settings). */
export const PROVIDER_NAMESPACES: readonly string[] = ["azure-native", "command", "kubernetes", "pulumi", "random", "tls"];

/**
 * One warning per namespace of `fullKeys` (`<namespace>:<name>`) that is neither the project's nor
 * a provider's: nothing reads such keys, so a misspelled project name would silently drop them.
 */
export function unknownNamespaceWarnings(project: string, fullKeys: readonly string[]): string[] {
  const byNamespace = new Map<string, string[]>();
  for (const key of fullKeys) {
    const namespace = key.split(":")[0];
    if (namespace !== project && !PROVIDER_NAMESPACES.includes(namespace)) byNamespace.set(namespace, [...(byNamespace.get(namespace) ?? []), key]);
  }
  return [...byNamespace.keys()].sort().map(
    (namespace) =>
      `config namespace "${namespace}" is neither this project's (${project}) nor a provider's it uses (${PROVIDER_NAMESPACES.join(", ")}), ` +
      `so nothing reads ${(byNamespace.get(namespace) as string[]).sort().join(", ")}; misspelled? This project's keys are ${project}:<key>`,
  );
}
