/**
 * The Traffic Manager health probe as the global stack's plan sends it to Azure, with the probe
 * settings a stack may set (issue 12, item 3: no plan set monitorHostHeader, so dropping it went
 * unnoticed).
 */
import { byName, planStack } from "./support/plan";

const monitorOf = async (values: Record<string, string>) => (byName(await planStack("global", { values }), "traffic-profile").inputs as { monitorConfig: Record<string, unknown> }).monitorConfig;

describe("the global plan's health probe", () => {
  it("sends the configured Host header, with the configured path, port and status ranges", async () => {
    expect(
      await monitorOf({
        monitorProtocol: "HTTPS",
        monitorPort: "443",
        monitorPath: "/healthz",
        monitorHostHeader: "ratings.contoso.com",
        monitorExpectedStatusCodeRanges: '["200-299","301-302"]',
        monitorIntervalSeconds: "10",
        monitorToleratedFailures: "2",
      }),
    ).toEqual({
      protocol: "HTTPS",
      port: 443,
      path: "/healthz",
      intervalInSeconds: 10,
      timeoutInSeconds: 9,
      toleratedNumberOfFailures: 2,
      expectedStatusCodeRanges: [{ min: 200, max: 299 }, { min: 301, max: 302 }],
      customHeaders: [{ name: "Host", value: "ratings.contoso.com" }],
    });
  });

  it("sends no custom header when none is configured", async () => {
    expect(await monitorOf({})).not.toHaveProperty("customHeaders");
  });
});
