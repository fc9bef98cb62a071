/**
 * Validates Kubernetes objects against the official OpenAPI schemas bundled in kubernetes-models.
 * Pinned to 4.5.1: it declares Node 14+ (5.x wants Node 22, which this project does not require)
 * and bundles Kubernetes 1.32's schemas; every API version the stamps use is GA since 1.23 or earlier.
 */
export interface ValidationResult {
  readonly kind: string;
  readonly name: string | null;
  readonly error: string | null;
}

type Model = new (object: unknown) => { validate(): void };

export function validateKubernetesObjects(objects: readonly { apiVersion: string; kind: string; metadata?: { name?: string } }[]): ValidationResult[] {
  return objects.map((object) => {
    const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : [undefined, object.apiVersion];
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module path depends on the object's apiVersion
    const models = require(group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`) as Record<string, Model | undefined>;
    const ModelClass = models[object.kind];
    let error: string | null = null;
    if (!ModelClass) error = `kubernetes-models has no ${object.apiVersion} ${object.kind}`;
    else {
      try {
        new ModelClass(object).validate();
      } catch (e) {
        error = (e as Error).message;
      }
    }
    return { kind: object.kind, name: object.metadata?.name ?? null, error };
  });
}
