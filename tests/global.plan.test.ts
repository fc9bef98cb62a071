/** The global stack, evaluated offline with the stamps' outputs mocked by StackReference. */
import type { Plan } from "../tools/plan/evaluate";
import { planJson } from "../tools/plan/planFile";
import type { StackReferenceFixture } from "../tools/plan/mocks";
import { byName, ofType, planStack } from "./support/plan";

const stampStack = (i: number) => `organization/azs-ha-kubernetes/stamp${i}`;

/** N stamps behind Weighted routing, each with an ingress address. */
function stamps(n: number): { values: Record<string, string>; stackReferences: Record<string, StackReferenceFixture> } {
  const entries = Array.from({ length: n }, (_, i) => ({ stack: stampStack(i + 1), weight: 10 }));
  const stackReferences = Object.fromEntries(entries.map((e, i) => [e.stack, { outputs: { ingressAddress: `203.0.113.${i + 1}` } }]));
  return { values: { trafficManagerEndpoints: JSON.stringify(entries) }, stackReferences };
}

let global: Plan;
beforeAll(async () => {
  global = await planStack("global");
});

describe("the global plan", () => {
  it("holds the workspace with Container insights, the profile and one standalone external endpoint per stamp", () => {
    const provider = byName(global, "public-azure");
    // the subscription and location of the stack file: Pulumi's ambient Azure settings never decide where this goes
    expect(provider.inputs).toEqual({ environment: "public", location: "westeurope", subscriptionId: "1b2c3d4e-5f60-4718-9a2b-3c4d5e6f7a8b" });
    for (const r of global.resources.filter((x) => x.type.startsWith("azure-native:"))) expect({ name: r.name, provider: r.provider }).toEqual({ name: r.name, provider: provider.urn });
    expect(byName(global, "logs-workspace").inputs).toEqual({
      resourceGroupName: "azs-ha-global", workspaceName: "azs-ha-logs", location: "westeurope", sku: { name: "PerGB2018" }, retentionInDays: 30,
    });
    expect(byName(global, "logs-container-insights").inputs).toMatchObject({
      solutionName: "ContainerInsights(azs-ha-logs)",
      plan: { name: "ContainerInsights(azs-ha-logs)", publisher: "Microsoft", product: "OMSGallery/ContainerInsights" },
      properties: { workspaceResourceId: "logs-workspace-id" },
    });
    const profile = byName(global, "traffic-profile").inputs as Record<string, any>;
    expect(profile.location).toBe("global");
    expect(profile.endpoints).toBeUndefined();
    expect(profile).toMatchObject({
      trafficRoutingMethod: "Weighted",
      dnsConfig: { relativeName: "contoso-ratings", ttl: 30 },
      monitorConfig: { protocol: "HTTP", port: 80, path: "/", intervalInSeconds: 30, timeoutInSeconds: 10, toleratedNumberOfFailures: 3, expectedStatusCodeRanges: [{ min: 200, max: 299 }] },
    });
    expect(ofType(global, "azure-native:trafficmanager:Endpoint").map((e) => e.inputs)).toEqual([
      { resourceGroupName: "azs-ha-global", profileName: "azs-ha-ratings", endpointType: "ExternalEndpoints", endpointName: "stampa", endpointStatus: "Enabled", target: "192.0.2.10", weight: 50 },
      { resourceGroupName: "azs-ha-global", profileName: "azs-ha-ratings", endpointType: "ExternalEndpoints", endpointName: "stampb", endpointStatus: "Enabled", target: "198.51.100.20", weight: 50 },
    ]);
    for (const endpoint of ofType(global, "azure-native:trafficmanager:Endpoint")) expect(endpoint.dependsOn).toContain(byName(global, "traffic-profile").urn);
  });

  it("exports the app URL, the profile's id, the workspace (key secret) and a report of every endpoint", () => {
    expect(global.outputs).toEqual({
      appUrl: "http://contoso-ratings.trafficmanager.net/",
      trafficManagerFqdn: "contoso-ratings.trafficmanager.net",
      trafficManagerProfileId: "traffic-profile-id", // the profile's id, as the offline plan's mocks give ids (tools/plan/mocks.ts)
      workspaceId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/),
      workspaceKey: "[secret]",
      endpoints: [
        { stamp: "stampa", stack: "organization/azs-ha-kubernetes/stampA", target: "192.0.2.10", status: "Enabled" },
        { stamp: "stampb", stack: "organization/azs-ha-kubernetes/stampB", target: "198.51.100.20", status: "Enabled" },
      ],
    });
    expect(JSON.stringify(global)).not.toContain("mock-workspace-key-of-");
  });

  it("gives the stamps the workspace's shared key, kept secret", async () => {
    const shown = await planStack("global", { showSecrets: true });
    expect(shown.outputs.workspaceKey).toBe("mock-workspace-key-of-azs-ha-logs");
  });

  it.each([
    ["no ingressAddress output", {}],
    ["an empty ingressAddress", { ingressAddress: "" }],
  ])("skips a stamp that has no ingress address yet (%s), with a warning that gives the bootstrap order", async (_case, outputs) => {
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const plan = await planStack("global", { stackReferences: { "organization/azs-ha-kubernetes/stampB": { outputs } } });
      expect(ofType(plan, "azure-native:trafficmanager:Endpoint").map((e) => e.name)).toEqual(["traffic-stampa"]);
      expect(plan.outputs.endpoints).toEqual([
        { stamp: "stampa", stack: "organization/azs-ha-kubernetes/stampA", target: "192.0.2.10", status: "Enabled" },
        { stamp: "stampb", stack: "organization/azs-ha-kubernetes/stampB", target: null, status: "Skipped" },
      ]);
      expect(warn.mock.calls.map((call) => String(call[0]))).toContainEqual(expect.stringContaining(
        "stamp stampb: stack organization/azs-ha-kubernetes/stampB has no ingressAddress yet, so its Traffic Manager endpoint is skipped. " +
          "Run pulumi up on organization/azs-ha-kubernetes/stampB, then on this stack again (bootstrap order: global, stamps, global).",
      ));
    } finally {
      warn.mockRestore();
    }
  });

  it("keeps a drained stamp's endpoint, disabled", async () => {
    const plan = await planStack("global", {
      values: { trafficManagerEndpoints: JSON.stringify([{ stack: "organization/azs-ha-kubernetes/stampA", weight: 50 }, { stack: "organization/azs-ha-kubernetes/stampB", weight: 50, enabled: false }]) },
    });
    expect(ofType(plan, "azure-native:trafficmanager:Endpoint").map((e) => [e.name, (e.inputs as any).endpointStatus])).toEqual([
      ["traffic-stampa", "Enabled"],
      ["traffic-stampb", "Disabled"],
    ]);
    expect((plan.outputs.endpoints as any[])[1]).toEqual({ stamp: "stampb", stack: "organization/azs-ha-kubernetes/stampB", target: "198.51.100.20", status: "Disabled" });
  });

  it.each([
    ["Priority", [{ priority: 1 }, { priority: 2 }]],
    ["Performance", [{ endpointLocation: "westeurope" }, { endpointLocation: "northeurope" }]],
    ["Geographic", [{ geoMapping: ["GEO-EU"] }, { geoMapping: ["GEO-NA", "WORLD"] }]],
  ])("gives each endpoint exactly the routing field %s routing needs, and nothing of the other methods", async (method, routing) => {
    const stacks = ["organization/azs-ha-kubernetes/stampA", "organization/azs-ha-kubernetes/stampB"];
    const plan = await planStack("global", {
      values: { trafficRoutingMethod: method, trafficManagerEndpoints: JSON.stringify(stacks.map((stack, i) => ({ stack, ...routing[i] }))) },
    });
    expect((byName(plan, "traffic-profile").inputs as Record<string, unknown>).trafficRoutingMethod).toBe(method);
    expect(ofType(plan, "azure-native:trafficmanager:Endpoint").map((e) => e.inputs)).toEqual([
      { resourceGroupName: "azs-ha-global", profileName: "azs-ha-ratings", endpointType: "ExternalEndpoints", endpointName: "stampa", endpointStatus: "Enabled", target: "192.0.2.10", ...routing[0] },
      { resourceGroupName: "azs-ha-global", profileName: "azs-ha-ratings", endpointType: "ExternalEndpoints", endpointName: "stampb", endpointStatus: "Enabled", target: "198.51.100.20", ...routing[1] },
    ]);
  });

  it("is byte-identical on a second evaluation", async () => {
    expect(planJson(await planStack("global"))).toBe(planJson(global));
  });

  it("grows by exactly one endpoint (and one stamp read) per stamp: 2, 10 and 50 stamps", async () => {
    const counts = async (n: number) => {
      const plan = await planStack("global", stamps(n));
      const byType = (type: string) => ofType(plan, type).length;
      return { all: plan.resources.length, endpoints: byType("azure-native:trafficmanager:Endpoint"), reads: byType("pulumi:pulumi:StackReference") };
    };
    const base = await counts(0);
    expect(base).toEqual({ all: 7, endpoints: 0, reads: 0 }); // provider, resource group, workspace, solution, profile, two components
    for (const n of [2, 10, 50]) expect(await counts(n)).toEqual({ all: base.all + 2 * n, endpoints: n, reads: n });
  });
});
