/**
 * Records what the program asks the engine for, by wrapping the mock monitor. The mocks'
 * `newResource` never sees parents, dependencies or resource options; the register requests
 * do. This is the one place that touches that internal API (DESIGN.md section 9).
 */
import type * as pulumiModule from "@pulumi/pulumi";

type Pulumi = typeof pulumiModule;

export interface ResourceOptionsRecord {
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  readonly deleteBeforeReplace: boolean;
  readonly ignoreChanges: string[];
  readonly customTimeouts: { create: string; update: string; delete: string } | null;
  readonly additionalSecretOutputs: string[];
}

export interface RegistrationRecord {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly parent: string | null;
  readonly provider: string | null;
  readonly dependsOn: string[];
  /** Inputs as sent to the engine (Pulumi's wire form: secrets, assets and unknowns are signature objects). */
  readonly inputs: Record<string, unknown>;
  /** For a read (`Resource.get`, StackReference): the id it reads. */
  readonly readId?: string;
  readonly options: ResourceOptionsRecord;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- protobuf request objects are untyped here */
function providerUrn(ref: string): string | null {
  // A provider reference is "<urn>::<id>".
  return ref ? ref.slice(0, ref.lastIndexOf("::")) : null;
}

function fromRequest(req: any, monitor: any, read: boolean): RegistrationRecord {
  const parent: string = req.getParent() || "";
  const type: string = req.getType();
  const name: string = req.getName();
  const timeouts = read ? undefined : req.getCustomtimeouts();
  const struct = read ? req.getProperties() : req.getObject();
  return {
    urn: monitor.newUrn(parent, type, name),
    type,
    name,
    custom: read ? true : Boolean(req.getCustom()),
    parent: parent || null,
    provider: providerUrn(req.getProvider() || ""),
    dependsOn: [...new Set<string>(req.getDependenciesList())].sort(),
    inputs: struct ? struct.toJavaScript() : {},
    ...(read ? { readId: req.getId() } : {}),
    options: {
      protect: read ? false : Boolean(req.getProtect()),
      retainOnDelete: read ? false : Boolean(req.getRetainondelete()),
      deleteBeforeReplace: read ? false : Boolean(req.getDeletebeforereplace()),
      ignoreChanges: read ? [] : [...req.getIgnorechangesList()].sort(),
      customTimeouts: timeouts ? { create: timeouts.getCreate(), update: timeouts.getUpdate(), delete: timeouts.getDelete() } : null,
      additionalSecretOutputs: [...req.getAdditionalsecretoutputsList()].sort(),
    },
  };
}

/** Starts recording every resource registration and read; returns the live list. */
export function recordRegistrations(pulumi: Pulumi): RegistrationRecord[] {
  const records: RegistrationRecord[] = [];
  const monitor: any = pulumi.runtime.getMonitor();
  for (const [method, read] of [["registerResource", false], ["readResource", true]] as const) {
    const original = monitor[method].bind(monitor);
    monitor[method] = (req: any, callback: unknown) => {
      records.push(fromRequest(req, monitor, read));
      return original(req, callback);
    };
  }
  return records;
}
