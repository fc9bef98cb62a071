// Validates Kubernetes objects against the official OpenAPI schemas bundled in kubernetes-models.
// kubernetes-models is ESM-only, so the (CommonJS) tests run this as a child process:
// stdin: JSON array of objects with apiVersion and kind; stdout: JSON array of
// { kind, name, error } (error null when valid), in the same order.
import { readFileSync } from "node:fs";

const objects = JSON.parse(readFileSync(0, "utf8"));
const results = [];
for (const object of objects) {
  const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : [null, object.apiVersion];
  const module = await import(group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`);
  const Model = module[object.kind];
  let error = null;
  if (!Model) error = `kubernetes-models has no ${object.apiVersion} ${object.kind}`;
  else {
    try {
      new Model(object).validate();
    } catch (e) {
      error = e.message;
    }
  }
  results.push({ kind: object.kind, name: object.metadata?.name ?? null, error });
}
process.stdout.write(JSON.stringify(results));
