/**
 * The cluster's state as the stack publishes it (clusterState), read from the envelope
 * read-apimodel.sh prints, in process. tests/aksengine.real.test.ts reads it from the real
 * binary's generated apimodel; this file pins each field's source and that an envelope or apimodel
 * missing one is refused by name, so a day-2 plan never compares against a guessed value.
 */
import { backupText, clusterStateOf, parseEnvelope } from "../aksengine/clusterState";

const apimodel = () => ({
  location: "redmond",
  properties: {
    orchestratorProfile: { orchestratorVersion: "1.33.10", kubernetesConfig: { networkPlugin: "kubenet" } },
    masterProfile: { count: 3, dnsPrefix: "stampa-k8s", vmSize: "Standard_D2_v2", distro: "aks-ubuntu-22.04" },
    agentPoolProfiles: [{ name: "linuxpool", vmSize: "Standard_D4_v2", count: 4 }],
  },
});

describe("clusterState", () => {
  it("takes every field from the generated apimodel and the release that wrote it; nodes are masters plus workers", () => {
    expect(clusterStateOf(apimodel(), "v0.85.0")).toEqual({
      kubernetesVersion: "1.33.10",
      location: "redmond",
      dnsPrefix: "stampa-k8s",
      masterCount: 3,
      masterVmSize: "Standard_D2_v2",
      agentPool: { name: "linuxpool", vmSize: "Standard_D4_v2", count: 4 },
      networkPlugin: "kubenet",
      distro: "aks-ubuntu-22.04",
      aksEngineRelease: "v0.85.0",
      nodeCount: 7,
    });
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const without = (edit: (model: any) => unknown) => {
    const model = apimodel();
    edit(model);
    return model;
  };
  it.each<[string, ReturnType<typeof apimodel>, string]>([
    ["no properties", without((m) => delete m.properties), "the generated apimodel has no properties"],
    ["no orchestratorProfile", without((m) => delete m.properties.orchestratorProfile), "the generated apimodel has no properties.orchestratorProfile"],
    ["no masterProfile", without((m) => (m.properties.masterProfile = [])), "the generated apimodel has no properties.masterProfile"],
    ["two agent pools", without((m) => m.properties.agentPoolProfiles.push(m.properties.agentPoolProfiles[0])), "the generated apimodel must have exactly one agent pool (this project deploys one per cluster)"],
    ["no agent pools", without((m) => delete m.properties.agentPoolProfiles), "the generated apimodel must have exactly one agent pool"],
    ["a null agent pool", without((m) => (m.properties.agentPoolProfiles = [null])), "the generated apimodel has no properties.agentPoolProfiles[0]"],
    ["no kubernetesConfig", without((m) => delete m.properties.orchestratorProfile.kubernetesConfig), "the generated apimodel has no properties.orchestratorProfile.kubernetesConfig"],
    ["a master count as text", without((m) => (m.properties.masterProfile.count = "3")), "the generated apimodel has no number properties.masterProfile.count"],
    ["no pool count", without((m) => delete m.properties.agentPoolProfiles[0].count), "the generated apimodel has no number properties.agentPoolProfiles[0].count"],
    ["no version", without((m) => delete m.properties.orchestratorProfile.orchestratorVersion), "the generated apimodel has no string properties.orchestratorProfile.orchestratorVersion"],
    ["no location", without((m) => delete m.location), "the generated apimodel has no string root.location"],
    ["no distro", without((m) => delete m.properties.masterProfile.distro), "the generated apimodel has no string properties.masterProfile.distro"],
    ["no network plugin", without((m) => delete m.properties.orchestratorProfile.kubernetesConfig.networkPlugin), "the generated apimodel has no string properties.orchestratorProfile.kubernetesConfig.networkPlugin"],
  ])("is refused for an apimodel with %s", (_, model, message) => {
    expect(() => clusterStateOf(model, "v0.85.0")).toThrow(message);
  });
});

describe("the envelope of read-apimodel.sh", () => {
  it("holds the release and the apimodel, kept as 2-space JSON with a final newline", () => {
    const envelope = parseEnvelope(JSON.stringify({ aksEngineRelease: "v0.84.2", apimodel: { location: "redmond" } }));
    expect(envelope).toEqual({ aksEngineRelease: "v0.84.2", apimodel: { location: "redmond" } });
    expect(backupText(envelope)).toBe('{\n  "location": "redmond"\n}\n');
  });

  it.each([
    ["[]", "the generated apimodel has no envelope from read-apimodel.sh"],
    ['{"apimodel": {}}', "the generated apimodel has no string envelope.aksEngineRelease"],
    ['{"aksEngineRelease": "v0.85.0", "apimodel": "x"}', "the generated apimodel has no apimodel"],
  ])("refuses %s, by what it lacks", (text, message) => {
    expect(() => parseEnvelope(text)).toThrow(message);
  });
});
