/**
 * The offline plan's mock providers (tools/plan/mocks.ts) against what the engine gives a program:
 * on `up`, a created resource's state is its inputs plus what the provider computes, under the id
 * the provider assigns; in preview, a resource to be created has only its inputs and no id, while a
 * read (of a known id) resolves, and a reference to a stack that was never created fails; an
 * invoke that reads a resource fails until it exists.
 */
import { runtime } from "@pulumi/pulumi";
import { mockCall, mockResource, MockWorld } from "../tools/plan/mocks";

const UNKNOWN = runtime.unknownValue;
const world = (preview: boolean): MockWorld => ({
  stackReferences: {}, preview, currentStack: "organization/azs-ha-kubernetes/global", unknown: UNKNOWN, helperFiles: new Map(), installedReleases: new Map(), workspaces: new Set(),
});

const ARM_RESOURCE = {
  type: "azure-native:resources:Resource",
  name: "stampa-helper-pip",
  inputs: { resourceGroupName: "aks-helper-rg", resourceProviderNamespace: "Microsoft.Network", resourceType: "publicIPAddresses", resourceName: "stampa-helper-pip", parentResourcePath: "", properties: { publicIPAllocationMethod: "Static" } },
};
const CONFIG_MAP = { type: "kubernetes:core/v1:ConfigMap", name: "app-config", inputs: { metadata: { name: "app-config", namespace: "ratings" }, data: { a: "1" } } };
const COPY = { type: "command:remote:CopyToRemote", name: "script", inputs: { remotePath: "/tmp/x.sh" } };

describe("the offline plan's mock providers", () => {
  it("on up, give back every input, with the provider's id and computed name", () => {
    const arm = mockResource(ARM_RESOURCE, world(false));
    expect(arm).toEqual({
      id: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/aks-helper-rg/providers/Microsoft.Network/publicIPAddresses/stampa-helper-pip",
      state: { ...ARM_RESOURCE.inputs, name: "stampa-helper-pip" },
    });
    expect(mockResource(CONFIG_MAP, world(false))).toEqual({ id: "ratings/app-config", state: CONFIG_MAP.inputs });
    expect(mockResource(COPY, world(false))).toEqual({ id: "script-id", state: COPY.inputs });
  });

  it("in preview, give a resource to be created its inputs and no id, and resolve a read of a known id", () => {
    for (const args of [ARM_RESOURCE, CONFIG_MAP, COPY]) expect(mockResource(args, world(true))).toEqual({ id: "", state: args.inputs });
    const readBack = { type: "kubernetes:core/v1:Service", name: "ingress", inputs: {} };
    expect(mockResource({ ...readBack, id: "ingress-nginx/ingress-nginx-controller" }, world(true)).state.status).toEqual({ loadBalancer: { ingress: [{ ip: expect.stringMatching(/^192\.0\.2\.\d+$/) }] } });
    expect(mockResource({ ...readBack, id: UNKNOWN }, world(true))).toEqual({ id: "", state: {} });
  });

  it("fail a reference to a stack that was never created, naming it, as the engine does; the current stack always exists", () => {
    const reference = (stack: string) => mockResource({ type: "pulumi:pulumi:StackReference", name: "ref", inputs: { name: stack }, id: stack }, world(false));
    expect(() => reference("organization/azs-ha-kubernetes/stampC")).toThrow('unknown stack "organization/azs-ha-kubernetes/stampC"');
    expect(reference("organization/azs-ha-kubernetes/global").state.outputs).toEqual({});
  });

  it("answer a workspace's shared keys only once the workspace exists, as ARM does (404 before), noting the failure for the plan CLI", () => {
    const w = { ...world(false), failures: [] as Error[] };
    const keys = () => mockCall({ token: "azure-native:operationalinsights:getSharedKeys", inputs: { resourceGroupName: "rg", workspaceName: "logs" } }, w);
    expect(keys).toThrow("ResourceNotFound: the Log Analytics workspace logs does not exist yet (getSharedKeys called before it is created)");
    expect(w.failures.map((e) => e.message)).toEqual(["ResourceNotFound: the Log Analytics workspace logs does not exist yet (getSharedKeys called before it is created)"]);
    mockResource({ type: "azure-native:operationalinsights:Workspace", name: "workspace", inputs: { resourceGroupName: "rg", workspaceName: "logs" } }, w);
    expect(keys()).toEqual({ primarySharedKey: "mock-workspace-key-of-logs", secondarySharedKey: "mock-workspace-key-2-of-logs" });
  });
});
