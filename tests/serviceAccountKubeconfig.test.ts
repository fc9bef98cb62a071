/**
 * platform/kubeconfig.ts: the deployer kubeconfig a pipeline connection receives (every field a
 * kubectl reads: a wrong kind or context makes it unusable), and the cluster CA read from the
 * admin kubeconfig, whose absence is named instead of surfacing as a TypeError.
 */
import { clusterCaData, serviceAccountKubeconfig } from "../platform/kubeconfig";

describe("the deployer kubeconfig", () => {
  it("is a complete Config: the cluster with its CA, the token user, and the current context in the app's namespace", () => {
    const text = serviceAccountKubeconfig({ clusterName: "ratings-a", server: "https://ratings-a.example:443", caData: "Q0E=", namespace: "ratings", user: "ratings-deployer", token: "t0ken" });
    expect(text.endsWith("}\n")).toBe(true);
    expect(JSON.parse(text)).toStrictEqual({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: "ratings-a", cluster: { server: "https://ratings-a.example:443", "certificate-authority-data": "Q0E=" } }],
      users: [{ name: "ratings-deployer", user: { token: "t0ken" } }],
      contexts: [{ name: "ratings-deployer@ratings-a", context: { cluster: "ratings-a", user: "ratings-deployer", namespace: "ratings" } }],
      "current-context": "ratings-deployer@ratings-a",
    });
  });
});

describe("the cluster CA", () => {
  it("is the first cluster's certificate-authority-data", () => {
    expect(clusterCaData(JSON.stringify({ clusters: [{ cluster: { "certificate-authority-data": "Q0E=" } }, { cluster: { "certificate-authority-data": "other" } }] }))).toBe("Q0E=");
  });

  it.each([
    ["no clusters", {}],
    ["an empty cluster list", { clusters: [] }],
    ["a cluster entry without its cluster", { clusters: [{ name: "x" }] }],
    ["a cluster without a CA", { clusters: [{ cluster: { server: "https://x" } }] }],
  ])("is missing, by name, from a kubeconfig with %s", (_, kubeconfig) => {
    expect(() => clusterCaData(JSON.stringify(kubeconfig))).toThrow(new Error("the cluster kubeconfig has no certificate-authority-data"));
  });
});
