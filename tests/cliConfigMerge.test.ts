/**
 * The Pulumi CLI's config merge as the offline plan emulates it (tools/plan/cliConfigMerge.ts;
 * expected texts are those of pulumi/pulumi pkg/workspace/config.go and its tests), and every
 * stack of this project under it: the committed ones and a minimal one per role, helper mode and
 * sign-in method, each then accepted by the program's own validation.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as yaml from "js-yaml";
import * as os from "os";
import * as path from "path";
import { checkStackConfig } from "../config/parse";
import { formatProblem } from "../config/reader";
import { PROJECT } from "../config/schema";
import { mergeProjectConfig, parseKey, ProjectFile } from "../tools/plan/cliConfigMerge";
import { readStackFiles, StackFileConfig, stackNames } from "../tools/plan/stackFiles";
import { CREATE_MODE, EXISTING_MODE, GLOBAL } from "./support/configs";

const ROOT = path.join(__dirname, "..");
const merge = (config: Record<string, unknown>, stackConfig: Record<string, unknown> = {}) => mergeProjectConfig("dev", { name: "proj", config }, stackConfig);

describe("the CLI's merge refuses what `pulumi up` refuses, with its text", () => {
  it.each([
    ["a required key is missing", { region: { type: "string" } }, {}, "Stack 'dev' is missing configuration value 'region'"],
    ["two are missing, typed or not", { values: { type: "array", items: { type: "string" } }, another: {} }, {}, "Stack 'dev' is missing configuration values 'another' and 'values'"],
    [
      "three are missing (sorted)",
      { world: { type: "string" }, hello: { type: "integer" }, values: { type: "array", items: { type: "string" } } },
      {},
      "Stack 'dev' is missing configuration values 'hello', 'values' and 'world'",
    ],
    ["missing keys come before type errors", { count: { type: "integer" }, region: {} }, { "proj:count": "three" }, "Stack 'dev' is missing configuration value 'region'"],
    ["a string given a list", { name: { type: "string" } }, { "proj:name": ["a"] }, "Stack 'dev' with configuration key 'name' must be of type 'string'"],
    ["an integer given a word", { count: { type: "integer" } }, { "proj:count": "three" }, "Stack 'dev' with configuration key 'count' must be of type 'integer'"],
    ["an integer given a fraction", { count: { type: "integer" } }, { "proj:count": 3.5 }, "Stack 'dev' with configuration key 'count' must be of type 'integer'"],
    ["a boolean given yes", { flag: { type: "boolean" } }, { "proj:flag": "yes" }, "Stack 'dev' with configuration key 'flag' must be of type 'boolean'"],
    ["an array given a string", { ranges: { type: "array", items: { type: "string" } } }, { "proj:ranges": "10.0.0.0/8" }, "Stack 'dev' with configuration key 'ranges' must be of type 'array<string>'"],
    ["an array of strings given a number", { ranges: { type: "array", items: { type: "string" } } }, { "proj:ranges": ["a", 1] }, "Stack 'dev' with configuration key 'ranges' must be of type 'array<string>'"],
    ["a secret in plain text", { password: { type: "string", secret: true } }, { "proj:password": "hunter2" }, "Stack 'dev' with configuration key 'password' must be encrypted as it's secret"],
    ["the first invalid key, sorted", { b: { type: "integer" }, a: { type: "boolean" } }, { "proj:a": "no", "proj:b": "x" }, "Stack 'dev' with configuration key 'a' must be of type 'boolean'"],
    ["an array without items", { ranges: { type: "array" } }, {}, "The configuration key 'ranges' declares an array but does not specify the underlying type via the 'items' attribute"],
    ["a default of the wrong type", { count: { type: "integer", default: "three" } }, {}, "The default value specified for configuration key 'count' is not of the expected type 'integer'"],
    ["both default and value", { size: { default: "s", value: "m" } }, {}, "project config 'size' cannot have both a 'default' and 'value' attribute"],
    ["another namespace with a type", { "aws:region": { type: "string", value: "x" } }, {}, "Configuration key 'aws:region' is not namespaced by the project and should not define a type"],
    [
      "another namespace with a default",
      { "aws:region": { default: "x" } },
      {},
      "Configuration key 'aws:region' is not namespaced by the project and should not define a default value. Did you mean to use the 'value' attribute instead of 'default'?",
    ],
    ["another namespace without a value", { "aws:region": { description: "x" } }, {}, "Configuration key 'aws:region' is namespaced and must provide an attribute 'value'"],
  ])("%s", (_what, config, stackConfig, message) => {
    expect(() => merge(config, stackConfig)).toThrow(new Error(message));
  });
});

describe("the CLI's merge writes declared defaults and values into the stack's config", () => {
  it("injects defaults (as text, JSON for lists) where the stack sets nothing, and keeps what it sets", () => {
    const config = {
      size: { type: "string", default: "small" },
      count: { type: "integer", default: 3 },
      flag: { type: "boolean", default: false },
      list: { type: "array", items: { type: "string" }, default: ["a"] },
      shorthand: "medium",
    };
    expect(merge(config, { "proj:size": "large" })).toEqual({
      "proj:size": { text: "large", secure: false, object: false },
      "proj:count": { text: "3", secure: false, object: false },
      "proj:flag": { text: "false", secure: false, object: false },
      "proj:list": { text: '["a"]', secure: false, object: true },
      "proj:shorthand": { text: "medium", secure: false, object: false },
    });
  });

  it("injects a `value` of another namespace (shorthand too), and never requires another namespace's keys", () => {
    expect(merge({ "aws:region": { value: "us-east-1" }, "gcp:zone": "b" }, { "kubernetes:context": "dev" })).toEqual({
      "aws:region": { text: "us-east-1", secure: false, object: false },
      "gcp:zone": { text: "b", secure: false, object: false },
      "kubernetes:context": { text: "dev", secure: false, object: false },
    });
  });

  it("puts a stack key without a namespace in the project's, and accepts the CLI's other spellings of each type", () => {
    const config = { count: { type: "integer" }, flag: { type: "boolean" }, ranges: { type: "array", items: { type: "string" } }, key: { type: "string", secret: true } };
    const merged = merge(config, { count: "+3", "proj:flag": true, "proj:config:ranges": ["10.0.0.0/8"], key: { secure: "v1:AAAA" } });
    expect(merged).toEqual({
      "proj:count": { text: "+3", secure: false, object: false },
      "proj:flag": { text: "true", secure: false, object: false },
      "proj:ranges": { text: '["10.0.0.0/8"]', secure: false, object: true },
      "proj:key": { text: "v1:AAAA", secure: true, object: false },
    });
  });
});

const project = yaml.load(readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as ProjectFile;

/** What the program's validation says of the config the offline plan hands it. */
function programProblems(stack: string, files: StackFileConfig): string[] {
  const secrets = Object.fromEntries(files.secretKeys.map((key) => [key, files.config[key]]));
  return checkStackConfig({ stack, values: files.config, secrets, presentKeys: Object.keys(files.config) }).problems.map(formatProblem);
}

describe("config keys, read as config.ParseKey reads them", () => {
  it("take `<namespace>:<name>` or the old `<namespace>:config:<name>`, empty parts included, and nothing else", () => {
    expect(["proj:region", "proj:config:region", "aws:config:", ":config:region", "proj:"].map(parseKey)).toEqual([
      { namespace: "proj", name: "region" }, { namespace: "proj", name: "region" }, { namespace: "aws", name: "" }, { namespace: "", name: "region" }, { namespace: "proj", name: "" },
    ]);
    for (const key of ["region", "proj:settings:region", "a:config:b:c"]) {
      expect(() => parseKey(key)).toThrow(`could not parse ${key} as a configuration key (configuration keys should be of the form \`<namespace>:<name>\`)`);
    }
  });
});

describe("this project's Pulumi.yaml under the CLI's merge", () => {
  it("requires `role` of every stack, and nothing else", () => {
    expect(() => mergeProjectConfig("stampC", project, {})).toThrow(new Error("Stack 'stampC' is missing configuration value 'role'"));
    expect(mergeProjectConfig("stampC", project, { [`${PROJECT}:role`]: "stamp" })).toEqual({ [`${PROJECT}:role`]: { text: "stamp", secure: false, object: false } });
  });

  it.each(stackNames(ROOT))("accepts the committed stack %s, and so does the program", (stack) => {
    const files = readStackFiles(ROOT, stack);
    expect(programProblems(stack, files)).toEqual([]);
  });

  const secure = (name: string) => ({ secure: `v1:ciphertext-of-${name}` });
  const certificate = {
    hubAuthMethod: "client_certificate",
    hubClientCertificatePath: "./certs/sp.pfx",
    hubClientCertificatePem: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
    hubClientPrivateKeyPem: secure("key"),
  };
  // The README's minimum per role and mode: plain keys as in tests/support/configs.ts, secrets set with --secret.
  it.each<[string, Record<string, unknown>]>([
    ["create-secret", { ...CREATE_MODE, hubClientSecret: secure("secret") }],
    ["create-cert", { ...CREATE_MODE, ...certificate }],
    ["existing-secret", { ...EXISTING_MODE, hubClientSecret: secure("secret"), helperPrivateKey: secure("ssh") }],
    ["existing-cert", { ...EXISTING_MODE, ...certificate, helperPrivateKey: secure("ssh") }],
    ["global", GLOBAL],
  ])("accepts a minimal stack file (%s), and so does the program", (stack, values) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "azs-stack-"));
    try {
      copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
      // Lists are written as YAML lists, as `pulumi config set --path` writes them.
      const structured = (v: unknown) => (typeof v === "string" && /^[[{]/.test(v) ? JSON.parse(v) : v);
      const config = Object.fromEntries(Object.entries(values).map(([key, value]) => [`${PROJECT}:${key}`, structured(value)]));
      writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), yaml.dump({ config }));
      const files = readStackFiles(dir, stack);
      expect(programProblems(stack, files)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
