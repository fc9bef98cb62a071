/**
 * `npm run pipelines:connect -- --stack <stamp> --org <url> --project <name> [--name <connection>]`
 * (`--option=value` works too): reads the stamp's `deployerKubeconfig` output (through the Pulumi
 * CLI: tools/ops/stackOutputs.ts) and creates or updates the project's Azure DevOps "Kubernetes"
 * service connection, KubeConfig method (tools/pipelines/). The connection is found by name,
 * `azs-ha-<stack>` unless `--name` says otherwise, so a re-run (after a new token or a rebuilt
 * cluster) updates it instead of adding another. The Azure DevOps token comes from the
 * environment only: AZURE_DEVOPS_EXT_PAT, else SYSTEM_ACCESSTOKEN (tools/pipelines/token.ts).
 * Nothing secret is printed: the token, the kubeconfig and its credentials are redacted from
 * every error (tools/ops/redact.ts). Exit code 0: created or updated; 1: an error (one message on stderr). See README
 * "Connecting pipelines".
 */
import { WebApi } from "azure-devops-node-api";
import type { StampOutputs } from "../stacks/stamp";
import { PROJECT_ROOT } from "./ops/project";
import { redactError } from "./ops/redact";
import { isString, readStackOutputs, ReadStackOutputs, requireOutput, secretOutputValues } from "./ops/stackOutputs";
import { InputError, parseOptions, runCli } from "./plan/cli";
import { stackRole, StackRole } from "./plan/stackFiles";
import { connectKubernetesServiceConnection, ConnectResult } from "./pipelines/connect";
import { defaultConnectionName } from "./pipelines/endpoint";
import { kubeconfigTarget, KubeconfigTarget } from "./pipelines/kubeconfig";
import { authHandler, azureDevOpsToken } from "./pipelines/token";

const USAGE = "usage: npm run pipelines:connect -- --stack <stamp stack> --org <https://dev.azure.com/organization> --project <name> [--name <connection name>]";
const OUTPUT: keyof StampOutputs = "deployerKubeconfig";
const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

export interface Args {
  readonly stack: string;
  readonly org: string;
  readonly project: string;
  readonly name: string;
}

/** The organization (or collection) URL. Never echoed: a mistyped argument may hold a token. */
function organizationUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(`--org: not a URL; give the organization's URL, e.g. https://dev.azure.com/<organization>`);
  }
  // The token goes with every request: plain http only to this machine (a local test server).
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK_HOSTS.includes(url.hostname))) throw new InputError(`--org: must be an https:// URL (the token is sent with every request)`);
  if (url.username || url.password || url.search || url.hash) throw new InputError(`--org: the URL may not carry credentials, a query or a fragment (the token comes from the environment)`);
  return url.href.replace(/\/+$/, "");
}

export function parseArgs(argv: readonly string[]): Args {
  const { values } = parseOptions(argv, { usage: USAGE, values: ["--stack", "--org", "--project", "--name"], required: ["--stack", "--org", "--project"] });
  const stack = values["--stack"];
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(stack)) throw new InputError(`--stack: not a stack name: ${JSON.stringify(stack)}`);
  const project = values["--project"].trim();
  if (project === "") throw new InputError(`--project: the Azure DevOps project's name is empty`);
  const name = (values["--name"] ?? defaultConnectionName(stack)).trim();
  if (name === "" || name.includes(",")) throw new InputError(`--name: a service connection name must be non-empty and without commas (the lookup by names splits on them)`);
  return { stack, org: organizationUrl(values["--org"]), project, name };
}

export interface Dependencies {
  readonly readStackOutputs: ReadStackOutputs;
  /** The stack's `role` config (`stamp` or `global`). */
  readonly stackRole: (stack: string) => StackRole;
}

/** The role in Pulumi.<stack>.yaml, as the CLI would hand it to the program. */
export const stackRoleFromFiles = (stack: string): StackRole => stackRole(PROJECT_ROOT, stack);

function summary(result: ConnectResult, args: Args, target: KubeconfigTarget): string {
  return [
    `${result.action} service connection ${result.name} (id ${result.id}) in project ${result.project.name} (id ${result.project.id}) of ${args.org}`,
    `  type Kubernetes, KubeConfig of stack ${args.stack}'s deployer account: context ${target.context}, API server ${target.server}`,
    "",
  ].join("\n");
}

/** Connects and returns what to print; every error it throws has the secrets redacted. */
export async function pipelinesConnect(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, deps: Dependencies): Promise<string> {
  const args = parseArgs(argv);
  const token = azureDevOpsToken(env);
  const secrets = [token.value];
  try {
    const role = deps.stackRole(args.stack);
    if (role !== "stamp") throw new InputError(`--stack ${args.stack}: its role is ${role}, not stamp; a Kubernetes service connection is for a stamp's cluster`);
    const outputs = await deps.readStackOutputs(args.stack);
    secrets.push(...secretOutputValues(outputs));
    const kubeconfig = requireOutput(outputs, args.stack, OUTPUT, isString, "a string");
    secrets.push(kubeconfig);
    const target = kubeconfigTarget(kubeconfig, `stack ${args.stack}: output ${OUTPUT}`);
    secrets.push(...target.credentials);
    const webApi = new WebApi(args.org, authHandler(token));
    const result = await connectKubernetesServiceConnection(webApi, {
      organizationUrl: args.org,
      projectName: args.project,
      name: args.name,
      stack: args.stack,
      kubeconfig,
      target,
      tokenVariable: token.variable,
    });
    return summary(result, args, target);
  } catch (error) {
    throw redactError(error, secrets);
  }
}

async function main(): Promise<number> {
  process.stdout.write(await pipelinesConnect(process.argv.slice(2), process.env, { readStackOutputs, stackRole: stackRoleFromFiles }));
  return 0;
}

if (require.main === module) runCli(main);
