/**
 * What a stack file can get wrong that the Pulumi CLI lets through (Pulumi.yaml declares only
 * `role`): a secret stored in plain text is a problem, and a namespace nothing reads (a misspelled
 * project name) a warning, in the pure parser, in the program, and in the offline plan.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { unknownNamespaceWarnings } from "../config/namespaces";
import { checkStackConfig } from "../config/parse";
import { formatProblem } from "../config/reader";
import { PROJECT } from "../config/schema";
import type { StackReferenceFixture } from "../tools/plan/mocks";
import { InputError } from "../tools/plan/cli";
import { readStackFiles, stackNames, stackRole } from "../tools/plan/stackFiles";
import { CREATE_MODE, EXISTING_MODE, rawConfig, SECRETS } from "./support/configs";

const ROOT = path.join(__dirname, "..");
const plaintext = (key: string) => `${key}: is stored in plain text in the stack's config; encrypt it with: pulumi config set --secret ${key} <value>`;
const MISSPELLED =
  'config namespace "azs-ha-kubernetse" is neither this project\'s (azs-ha-kubernetes) nor a provider\'s it uses (azure-native, command, kubernetes, pulumi, random, tls), ' +
  "so nothing reads azs-ha-kubernetse:agentCount, azs-ha-kubernetse:masterCount; misspelled? This project's keys are azs-ha-kubernetes:<key>";
const INVALID_PLAINTEXT_CLIENT_SECRET = ['Invalid configuration for stack "stampA" (1 problem):', `  - ${plaintext("hubClientSecret")}`].join("\n");

describe("a secret stored in plain text", () => {
  it.each([
    ["hubClientSecret", CREATE_MODE, {}, SECRETS],
    ["helperPrivateKey", EXISTING_MODE, {}, { ...SECRETS, helperPrivateKey: "plain-key" }],
    ["monitoringWorkspaceKey", CREATE_MODE, { globalStack: undefined, monitoringWorkspaceId: "6f1a2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b" }, { ...SECRETS, monitoringWorkspaceKey: "plain-key" }],
  ])("%s is a problem that says how to encrypt it", (key, base, values, secrets) => {
    const raw = { ...rawConfig(base, values, secrets), plaintextSecrets: [key] };
    expect(checkStackConfig(raw).problems.map(formatProblem)).toEqual([plaintext(key)]);
  });
});

describe("config namespaces", () => {
  it.each<[string, string[], string[]]>([
    ["the project's and the providers' are read", [`${PROJECT}:role`, "azure-native:location", "command:x", "kubernetes:context", "pulumi:disable-default-providers", "random:x", "tls:x"], []],
    ["a misspelled project name is one warning, listing its keys", ["azs-ha-kubernetse:masterCount", `${PROJECT}:role`, "azs-ha-kubernetse:agentCount"], [MISSPELLED]],
    [
      "each unknown namespace is one warning, sorted",
      ["zure-native:location", "aws:region"],
      [
        'config namespace "aws" is neither this project\'s (azs-ha-kubernetes) nor a provider\'s it uses (azure-native, command, kubernetes, pulumi, random, tls), ' +
          "so nothing reads aws:region; misspelled? This project's keys are azs-ha-kubernetes:<key>",
        'config namespace "zure-native" is neither this project\'s (azs-ha-kubernetes) nor a provider\'s it uses (azure-native, command, kubernetes, pulumi, random, tls), ' +
          "so nothing reads zure-native:location; misspelled? This project's keys are azs-ha-kubernetes:<key>",
      ],
    ],
  ])("%s", (_what, keys, warnings) => {
    expect(unknownNamespaceWarnings(PROJECT, keys)).toEqual(warnings);
  });
});

describe("the program", () => {
  it("rejects a plain-text secret and warns about a misspelled namespace, before declaring any resource", async () => {
    const config = { ...readStackFiles(ROOT, "stampA").config, hubClientSecret: "plain-text-secret" };
    const namespaced = Object.fromEntries(Object.entries(config).map(([key, value]) => [`${PROJECT}:${key}`, value]));
    const registered: string[] = [];
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    let error: unknown;
    try {
      await jest.isolateModulesAsync(async () => {
        const pulumi = await import("@pulumi/pulumi");
        pulumi.runtime.setAllConfig({ ...namespaced, "azs-ha-kubernetse:agentCount": "5", "azs-ha-kubernetse:masterCount": "5" }, []);
        await pulumi.runtime.setMocks({ newResource: (args) => (registered.push(args.name), { id: args.name, state: args.inputs }), call: (args) => args.inputs }, PROJECT, "stampA");
        try {
          require(path.join(ROOT, "index"));
        } catch (e) {
          error = e;
        }
      });
      expect(warn.mock.calls.map((call) => String(call[0]))).toContainEqual(expect.stringContaining(MISSPELLED));
    } finally {
      warn.mockRestore();
    }
    expect((error as Error).message).toBe(INVALID_PLAINTEXT_CLIENT_SECRET);
    expect(registered).toEqual([]);
  });
});

describe("the offline plan", () => {
  it("hands a plain-text secret to the program as plain text, which rejects it; and lists namespaces nothing reads", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "azs-stack-"));
    try {
      copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
      const stackFile = readFileSync(path.join(ROOT, "Pulumi.stampA.yaml"), "utf8");
      const added = ["hubClientSecret: plain-text-secret", "azs-ha-kubernetse:agentCount: 5", "azs-ha-kubernetse:masterCount: 5"];
      writeFileSync(path.join(dir, "Pulumi.stampA.yaml"), stackFile + added.map((line) => `  ${line}\n`).join(""));
      const files = readStackFiles(dir, "stampA");
      expect(files.warnings).toEqual([MISSPELLED]);
      expect([files.config.hubClientSecret, files.secretKeys, files.placeholderSecrets]).toEqual(["plain-text-secret", [], []]);

      const references = JSON.parse(readFileSync(path.join(ROOT, "tools", "plan", "stack-references.json"), "utf8")) as Record<string, StackReferenceFixture>;
      let error: unknown;
      await jest.isolateModulesAsync(async () => {
        const { evaluateStack } = await import("../tools/plan/evaluate");
        await evaluateStack({ project: files.project, stack: "stampA", config: files.config, secretKeys: files.secretKeys, stackReferences: references }).catch((e: unknown) => {
          error = e;
        });
      });
      expect((error as Error).message).toBe(INVALID_PLAINTEXT_CLIENT_SECRET);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("placeholders of the offline plan", () => {
  it("stand in only for the secrets the stack lacks: a missing plain key stays missing, for the program to report", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "azs-stack-"));
    try {
      copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
      const stackFile = readFileSync(path.join(ROOT, "Pulumi.stampA.yaml"), "utf8");
      writeFileSync(path.join(dir, "Pulumi.stampA.yaml"), stackFile.replace(/^ {2}azs-ha-kubernetes:hubClientId: .*\n/m, ""));
      const files = readStackFiles(dir, "stampA");
      expect([files.config.hubClientId, files.placeholderSecrets]).toEqual([undefined, ["hubClientSecret"]]);
      expect(checkStackConfig({ stack: "stampA", values: files.config, secrets: {}, presentKeys: Object.keys(files.config), plaintextSecrets: [] }).problems.map(formatProblem))
        .toContain("hubClientId: required; set it with: pulumi config set hubClientId <value>");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a project directory's stacks", () => {
  it("are its Pulumi.<stack>.yaml files, sorted; a stack's role is read from its file and checked", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "azs-stacks-"));
    try {
      copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
      copyFileSync(path.join(ROOT, "Pulumi.stampA.yaml"), path.join(dir, "Pulumi.zeta.yaml"));
      copyFileSync(path.join(ROOT, "Pulumi.global.yaml"), path.join(dir, "Pulumi.alpha.yaml"));
      writeFileSync(path.join(dir, "Pulumi.odd.yaml"), "config:\n  azs-ha-kubernetes:role: edge\n");
      writeFileSync(path.join(dir, "Pulumi.broken.yaml"), "config: [\n");
      writeFileSync(path.join(dir, "Pulumi.yml"), "");
      writeFileSync(path.join(dir, "notes.yaml"), "");
      expect(stackNames(dir)).toEqual(["alpha", "broken", "odd", "zeta"]);
      expect([stackRole(dir, "zeta"), stackRole(dir, "alpha")]).toEqual(["stamp", "global"]);
      expect(() => stackRole(dir, "stampA", "--target")).toThrow(new InputError('--target: unknown stack "stampA"; the stacks are: alpha, broken, odd, zeta'));
      expect(() => stackRole(dir, "odd")).toThrow(new InputError('Pulumi.odd.yaml: role must be "stamp" or "global", not "edge"'));
      expect(() => stackRole(dir, "broken")).toThrow(/^Pulumi\.broken\.yaml: unexpected end of the stream/);
      expect(() => stackRole(dir, "broken")).toThrow(InputError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
