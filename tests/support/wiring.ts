/**
 * Checks that declared Kubernetes objects fit together the way the API server and kube-proxy
 * will wire them: selectors select pods, ports exist, URLs name real Services. These are the
 * mistakes the original sample chart shipped with, which no schema catches.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- plain JSON objects from the plan */
export type KubeObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; [key: string]: any };

interface Container {
  name: string;
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  startupProbe?: any;
  readinessProbe?: any;
  livenessProbe?: any;
  resources?: { requests?: Record<string, string> };
}

interface Workload {
  object: KubeObject;
  podLabels: Record<string, string>;
  containers: Container[];
}

const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);

const id = (o: KubeObject) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`;

function declaresPort(containers: Container[], port: string | number): boolean {
  return containers.some((c) => (c.ports ?? []).some((p) => p.name === port || p.containerPort === port));
}

export function wiringProblems(objects: KubeObject[]): string[] {
  const problems: string[] = [];
  const inNs = (o: KubeObject, kind: string) => objects.filter((x) => x.kind === kind && x.metadata.namespace === o.metadata.namespace);
  const workloads: Workload[] = objects
    .filter((o) => o.kind === "Deployment" || o.kind === "StatefulSet")
    .map((o) => ({ object: o, podLabels: o.spec.template.metadata.labels ?? {}, containers: o.spec.template.spec.containers }));
  const workloadsIn = (o: KubeObject) => workloads.filter((w) => w.object.metadata.namespace === o.metadata.namespace);

  for (const w of workloads) {
    if (!matches(w.object.spec.selector.matchLabels ?? {}, w.podLabels)) problems.push(`${id(w.object)}: its selector does not match its own pod labels`);
    for (const c of w.containers) {
      if (!c.resources?.requests?.cpu) problems.push(`${id(w.object)}: container ${c.name} has no CPU request`);
      for (const probe of [c.startupProbe, c.readinessProbe, c.livenessProbe].filter(Boolean)) {
        const port = probe.httpGet?.port ?? probe.tcpSocket?.port;
        if (port !== undefined && !declaresPort([c], port)) problems.push(`${id(w.object)}: a probe of ${c.name} targets port ${port}, which the container does not declare`);
      }
      for (const env of c.env ?? []) problems.push(...envProblems(w.object, c, env, objects));
    }
  }

  for (const service of objects.filter((o) => o.kind === "Service")) {
    const selector = service.spec.selector ?? {};
    const selected = workloadsIn(service).filter((w) => matches(selector, w.podLabels));
    if (selected.length === 0) {
      problems.push(`${id(service)}: selector ${Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(",")} matches no pod`);
      continue;
    }
    for (const port of service.spec.ports ?? []) {
      const target = port.targetPort ?? port.port;
      for (const w of selected) {
        if (!declaresPort(w.containers, target)) problems.push(`${id(service)}: targetPort ${target} is not a container port of ${w.object.metadata.name}`);
      }
    }
  }

  for (const ingress of objects.filter((o) => o.kind === "Ingress")) {
    for (const rule of ingress.spec.rules ?? []) {
      for (const path of rule.http?.paths ?? []) {
        const backend = path.backend.service;
        const service = inNs(ingress, "Service").find((s) => s.metadata.name === backend.name);
        if (!service) problems.push(`${id(ingress)}: backend Service ${backend.name} does not exist`);
        else if (!(service.spec.ports ?? []).some((p: any) => p.port === backend.port.number || (p.name !== undefined && p.name === backend.port.name))) {
          problems.push(`${id(ingress)}: Service ${backend.name} has no port ${backend.port.number ?? backend.port.name}`);
        }
      }
    }
  }

  for (const hpa of objects.filter((o) => o.kind === "HorizontalPodAutoscaler")) {
    const ref = hpa.spec.scaleTargetRef;
    if (!workloadsIn(hpa).some((w) => w.object.kind === ref.kind && w.object.metadata.name === ref.name)) problems.push(`${id(hpa)}: scales ${ref.kind} ${ref.name}, which does not exist`);
  }
  for (const pdb of objects.filter((o) => o.kind === "PodDisruptionBudget")) {
    if (!workloadsIn(pdb).some((w) => matches(pdb.spec.selector.matchLabels ?? {}, w.podLabels))) problems.push(`${id(pdb)}: selects no pod`);
  }
  return problems;
}

/**
 * In-cluster URLs in env vars (plain, or from a Secret key) need a scheme and a real Service and
 * port for every host they list; a host may also be a StatefulSet pod's stable name under its
 * headless Service (`<name>-<ordinal>.<service>.<namespace>.svc...`, ordinal below its replicas).
 * `$(VAR)` must name an env var defined before it in the container: Kubernetes leaves any other as is.
 */
function envProblems(owner: KubeObject, container: Container, env: NonNullable<Container["env"]>[number], objects: KubeObject[]): string[] {
  const where = `${id(owner)}: env ${env.name} of ${container.name}`;
  let value = env.value;
  const ref = env.valueFrom?.secretKeyRef;
  if (ref) {
    const secret = objects.find((o) => o.kind === "Secret" && o.metadata.namespace === owner.metadata.namespace && o.metadata.name === ref.name);
    if (!secret) return [`${where}: Secret ${ref.name} does not exist`];
    value = secret.stringData?.[ref.key] ?? (secret.data?.[ref.key] !== undefined ? "" : undefined);
    if (value === undefined) return [`${where}: Secret ${ref.name} has no key ${ref.key}`];
  }
  if (!value) return [];
  const defined = (container.env ?? []).slice(0, (container.env ?? []).indexOf(env)).map((e) => e.name);
  const references = [...value.matchAll(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g)].map((m) => m[1]).filter((name) => !defined.includes(name));
  if (references.length > 0) return references.map((name) => `${where}: $(${name}) is not an env var defined before it`);
  const services = objects.filter((o) => o.kind === "Service" && o.metadata.namespace === owner.metadata.namespace);
  const url = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/]*@)?([^/?]+)/.exec(value);
  if (!url) {
    const named = services.find((s) => new RegExp(`(^|@)${s.metadata.name}(\\.|:|/|$)`).test(value as string));
    return named ? [`${where}: ${JSON.stringify(value)} names Service ${named.metadata.name} but is not a URL with a scheme`] : [];
  }
  const [, scheme, hostList] = url;
  return hostList.split(",").flatMap((hostPort) => {
    const [host, portText] = hostPort.split(":");
    // An in-cluster host: a bare name, or [<pod>.]<service>.<namespace>.svc[.cluster.local].
    if (host.includes(".") && !/\.svc(\.cluster\.local)?$/.test(host)) return [];
    const service = services.find((s) => host === s.metadata.name || host.startsWith(`${s.metadata.name}.${s.metadata.namespace}.svc`));
    const podService = service ? undefined : services.find((s) => new RegExp(`^[^.]+\\.${s.metadata.name}\\.${s.metadata.namespace}\\.svc`).test(host));
    if (!service && !podService) return [`${where}: host ${host} is not a Service in ${owner.metadata.namespace}`];
    if (podService) {
      const pod = host.split(".")[0];
      const statefulSet = objects.find((o) => o.kind === "StatefulSet" && o.metadata.namespace === owner.metadata.namespace && o.spec.serviceName === podService.metadata.name);
      const ordinal = statefulSet && pod.startsWith(`${statefulSet.metadata.name}-`) ? Number(pod.slice(statefulSet.metadata.name.length + 1)) : NaN;
      if (podService.spec.clusterIP !== "None" || !statefulSet || !Number.isInteger(ordinal) || ordinal < 0 || ordinal >= (statefulSet.spec.replicas ?? 1)) {
        return [`${where}: host ${host} is not a pod of a StatefulSet under its headless Service ${podService.metadata.name}`];
      }
    }
    const target = (service ?? podService) as KubeObject;
    const port = portText ? Number(portText) : scheme === "https" ? 443 : scheme === "http" ? 80 : undefined;
    if (port === undefined || !(target.spec.ports ?? []).some((p: any) => p.port === port)) {
      return [`${where}: Service ${target.metadata.name} has no port ${port ?? "(none given)"}`];
    }
    return [];
  });
}
