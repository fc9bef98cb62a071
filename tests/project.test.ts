/** The project's files agree with the config schema, and the program fails early on bad config. */
import { readFileSync } from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { CONFIG_KEYS } from "../config/schema";
import { renderConfigTable, renderPulumiYaml } from "../tools/docs";
import { readStackFiles } from "../tools/plan/stackFiles";
import { ROOT } from "./support/plan";

const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

describe("generated documentation", () => {
  it("Pulumi.yaml is generated from the schema (run `npm run docs` if this fails)", () => {
    expect(read("Pulumi.yaml")).toBe(renderPulumiYaml());
  });

  it("Pulumi.yaml declares only `role`, the key every stack must set, and documents every other key as a comment", () => {
    const project = yaml.load(read("Pulumi.yaml")) as { config: Record<string, unknown> };
    expect(project.config).toEqual({ role: { type: "string", description: CONFIG_KEYS.role.description } });
    const documented = [...read("Pulumi.yaml").matchAll(/^# {3}(\w+) \(roles: /gm)].map((match) => match[1]);
    expect(documented).toEqual(Object.keys(CONFIG_KEYS).filter((key) => key !== "role"));
  });

  it("the README's configuration table is the schema's (run `npm run docs` if this fails)", () => {
    expect(read("README.md")).toContain(renderConfigTable());
  });

  it("the README gives exactly the two set-up commands, and .ci/run runs the same test command", () => {
    const setup = read("README.md").split("## Set up (two commands)")[1].split("```bash\n")[1].split("```")[0];
    expect(setup.trim().split("\n").map((line) => line.split("#")[0].trim())).toEqual(["npm ci && npm run plan -- --stack stampA", "npm test"]);
    const ci = read(".ci/run");
    expect(ci).toContain("npm ci --no-audit --no-fund");
    expect(ci).toMatch(/^npm test -- /m);
  });
});

describe("the stack files", () => {
  it.each([
    ["stampA", ["hubClientSecret"]],
    ["stampB", ["clusterClientSecret", "hubClientPrivateKeyPem"]],
    ["global", []],
  ])("%s parses, and only its uncommitted secrets need placeholders", (stack, placeholders) => {
    const files = readStackFiles(ROOT, stack);
    expect(files.project).toBe("azs-ha-kubernetes");
    expect(files.placeholderSecrets).toEqual(placeholders);
    expect(read(`Pulumi.${stack}.yaml`)).not.toContain("secure:");
  });
});

describe("the program with an invalid configuration", () => {
  it("throws every problem before declaring any resource", async () => {
    const registered: string[] = [];
    let error: unknown;
    await jest.isolateModulesAsync(async () => {
      const pulumi = await import("@pulumi/pulumi");
      const files = readStackFiles(ROOT, "stampA");
      const config = { ...files.config, masterCount: "4", helperSshSourceRanges: '["0.0.0.0/0"]' };
      pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries(config).map(([k, v]) => [`azs-ha-kubernetes:${k}`, v])), ["azs-ha-kubernetes:hubClientSecret"]);
      await pulumi.runtime.setMocks(
        { newResource: (args) => (registered.push(args.name), { id: args.name, state: args.inputs }), call: (args) => args.inputs },
        "azs-ha-kubernetes",
        "stampA",
        false,
        "organization",
      );
      try {
        require(path.join(ROOT, "index"));
      } catch (e) {
        error = e;
      }
    });
    expect((error as Error).message).toBe(
      [
        'Invalid configuration for stack "stampA" (2 problems):',
        "  - helperSshSourceRanges: 0.0.0.0/0 opens SSH to the whole internet; list your own ranges, or set helperAllowSshFromAnywhere to true",
        "  - masterCount: 4 is not allowed; allowed values: 1, 3, 5 (1 is not highly available)",
      ].join("\n"),
    );
    expect(registered).toEqual([]);
  });
});
