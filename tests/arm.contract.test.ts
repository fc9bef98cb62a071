/**
 * Every generic ARM body the program declares for a hub is a valid PUT request for its exact
 * API version, by Microsoft's own validator (oav) over the Azure REST API specs.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import type { Plan, PlanResource } from "../tools/plan/evaluate";
import { ofType, planStack } from "./support/plan";
import { specsDir } from "./support/specs";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- oav ships CommonJS without usable types for this entry
const { LiveValidator } = require("oav");

interface Issue {
  code: string;
  message: string;
  pathsInPayload: string[];
}

let validator: { validateLiveRequest(req: unknown): Promise<{ isSuccessful?: boolean; errors: Issue[]; runtimeException?: unknown; operationInfo?: { operationId: string } }> };
let plans: Plan[];
let versionFixes: string[];
let specsCopy: string;

/**
 * A copy of the specs in which every file's `info.version` equals the API-version folder it
 * is published in. oav indexes operations by `info.version`, and at the stored commit
 * virtualNetwork.json and virtualNetworkTap.json of the 2018-11-01 folder say 2018-12-01.
 */
function specsWithFolderVersions(): { dir: string; fixed: string[] } {
  const dir = mkdtempSync(path.join(tmpdir(), "arm-specs-"));
  cpSync(path.join(specsDir(), "arm"), dir, { recursive: true });
  const fixed: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith(".json")) {
        const spec = JSON.parse(readFileSync(file, "utf8"));
        const folderVersion = path.basename(path.dirname(file));
        if (spec.info && spec.info.version !== folderVersion) {
          fixed.push(`${entry.name}: ${spec.info.version} -> ${folderVersion}`);
          spec.info.version = folderVersion;
          writeFileSync(file, JSON.stringify(spec));
        }
      }
    }
  };
  walk(dir);
  return { dir, fixed: fixed.sort() };
}

beforeAll(async () => {
  const specs = specsWithFolderVersions();
  versionFixes = specs.fixed;
  specsCopy = specs.dir;
  validator = new LiveValidator({
    directory: specs.dir,
    swaggerPathsPattern: ["**/*.json"],
    git: { shouldClone: false },
    isPathCaseSensitive: false,
    // Load every spec up front: background loading leaves timers that keep the test process alive.
    loadValidatorInBackground: false,
  });
  await (validator as unknown as { initialize(): Promise<void> }).initialize();
  // Secret values are placeholders and mock keys; showing them gives complete request bodies.
  plans = [await planStack("stampA", { showSecrets: true }), await planStack("stampB", { showSecrets: true })];
});

afterAll(() => rmSync(specsCopy, { recursive: true, force: true }));

function putRequest(resource: PlanResource, body: Record<string, unknown> = armBody(resource)) {
  const i = resource.inputs as Record<string, string>;
  const url =
    `https://management.redmond.azurestack.contoso.com/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/${i.resourceGroupName}` +
    `/providers/${i.resourceProviderNamespace}/${i.resourceType}/${i.resourceName}?api-version=${i.apiVersion}`;
  return { url, method: "PUT", headers: { "content-type": "application/json" }, body };
}

function armBody(resource: PlanResource): Record<string, unknown> {
  const { location, tags, properties } = resource.inputs as Record<string, unknown>;
  return { location, tags, properties };
}

async function issues(request: ReturnType<typeof putRequest>): Promise<string[]> {
  const result = await validator.validateLiveRequest(request);
  if (result.runtimeException) return [`runtime exception: ${JSON.stringify(result.runtimeException)}`];
  return result.errors.map((e) => `${e.code} at ${e.pathsInPayload.join(",")}: ${e.message}`);
}

describe("hub ARM request bodies", () => {
  it("are checked against specs whose only version correction is the known one", () => {
    expect(versionFixes).toEqual(["virtualNetwork.json: 2018-12-01 -> 2018-11-01", "virtualNetworkTap.json: 2018-12-01 -> 2018-11-01"]);
  });

  it("are declared at the hub profile's API versions, one of each helper kind per stamp", () => {
    for (const plan of plans) {
      const kinds = ofType(plan, "azure-native:resources:Resource").map((r) => {
        const i = r.inputs as Record<string, string>;
        return `${i.resourceProviderNamespace}/${i.resourceType}@${i.apiVersion}`;
      });
      expect(kinds.sort()).toEqual([
        "Microsoft.Compute/virtualMachines@2020-06-01",
        "Microsoft.Network/networkInterfaces@2018-11-01",
        "Microsoft.Network/networkSecurityGroups@2018-11-01",
        "Microsoft.Network/publicIPAddresses@2018-11-01",
        "Microsoft.Network/virtualNetworks@2018-11-01",
      ]);
    }
  });

  it("validate against the Azure REST API specs of their exact versions", async () => {
    const found: Record<string, string[]> = {};
    for (const plan of plans) {
      for (const resource of ofType(plan, "azure-native:resources:Resource")) {
        found[`${plan.stack}/${resource.name}`] = await issues(putRequest(resource));
      }
    }
    expect(Object.keys(found)).toHaveLength(10);
    for (const [resource, problems] of Object.entries(found)) expect({ resource, problems }).toEqual({ resource, problems: [] });
  });

  it("would be caught with a misspelled or mistyped field (the validator is really checking)", async () => {
    const vm = ofType(plans[0], "azure-native:resources:Resource").find((r) => (r.inputs as Record<string, string>).resourceType === "virtualMachines")!;
    const body = armBody(vm) as { properties: Record<string, any> };
    const broken = { ...body, properties: { ...body.properties, hardwareProfil: { vmSize: "x" }, osProfile: { ...body.properties.osProfile, linuxConfiguration: { disablePasswordAuthentication: "yes" } } } };
    expect(await issues(putRequest(vm, broken))).toEqual([
      "OBJECT_ADDITIONAL_PROPERTIES at /properties/hardwareProfil: Additional properties not allowed: hardwareProfil",
      "INVALID_TYPE at /properties/osProfile/linuxConfiguration/disablePasswordAuthentication: Expected type boolean but found type string",
    ]);
  });

  it("reference each other by the ids of resources the stamp declares", () => {
    const arm = ofType(plans[0], "azure-native:resources:Resource");
    const ids = new Set(arm.map((r) => `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/aks-helper-rg/providers/${(r.inputs as any).resourceProviderNamespace}/${(r.inputs as any).resourceType}/${(r.inputs as any).resourceName}`));
    const referenced = JSON.stringify(arm.map((r) => r.inputs)).match(/\/subscriptions\/[^"]+/g) ?? [];
    expect(referenced.length).toBe(4); // NSG from the subnet, subnet and public IP from the NIC, NIC from the VM
    for (const id of referenced) expect(ids.has(id.replace(/\/subnets\/helper$/, ""))).toBe(true);
  });
});
