/**
 * The helper's deploy scenario shared by the script tests: a work directory with the fake
 * aks-engine-azurestack, the uploaded apimodel, and the flags and stdin the program sends.
 */
import { CLUSTER_SECRET_PLACEHOLDER } from "../../aksengine/rules";
import { HelperHost } from "./helperHost";

export const SECRET = "planted-Secret-value!";
/** The cluster service principal's secret, with the characters JSON must escape. */
export const CLUSTER_SECRET = 'planted-cluster\\secret"&';
export const SUBSCRIPTION = "3f2b7c1e-8d4a-4e6b-9c2d-1a5e7f9b3c41";
export const CLIENT = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
export const APIMODEL =
  JSON.stringify(
    {
      apiVersion: "vlabs",
      location: "redmond",
      properties: { masterProfile: { count: 3, dnsPrefix: "ratings-redmond" }, servicePrincipalProfile: { clientId: CLIENT, secret: CLUSTER_SECRET_PLACEHOLDER } },
    },
    null,
    2,
  ) + "\n";

/** What the deploy step sends: the cluster's secret on the first line, then aks-engine's credential. */
export function stdin(credential = SECRET, clusterSecret = CLUSTER_SECRET): string {
  return `${clusterSecret}\n${credential}`;
}

/** The work directory and the cluster's identity: the restore step's flags, and the start of the deploy step's. */
export function identityArgs(host: HelperHost): string[] {
  return ["--work", host.work, "--location", "redmond", "--resource-group", "ratings-rg", "--subscription-id", SUBSCRIPTION, "--cluster-client-id", CLIENT];
}

/**
 * The deploy step's flags. With client-secret sign-in the script refuses a /proc without hidepid,
 * which a test machine has: these scenarios opt in, tests/scripts.security.test.ts checks the refusal.
 */
export function deployArgs(host: HelperHost, extra: string[] = [], authMethod = "client_secret"): string[] {
  const optIn = authMethod === "client_secret" ? ["--allow-secret-in-process-list", "true"] : [];
  return [...identityArgs(host), "--client-id", CLIENT, "--auth-method", authMethod, "--identity-system", "azure_ad", "--poll-seconds", "1", ...optIn, ...extra];
}

export function expectedDeployArgv(host: HelperHost, retry: boolean): string[] {
  const common = [
    "deploy", "--azure-env", "AzureStackCloud", "--location", "redmond", "--resource-group", "ratings-rg",
    "--subscription-id", SUBSCRIPTION, "--client-id", CLIENT, "--auth-method", "client_secret", "--identity-system", "azure_ad",
  ];
  const model = retry
    ? ["--api-model", host.path("cluster/_output/apimodel.json"), "--output-directory", host.path("cluster/_output"), "--force-overwrite"]
    : ["--api-model", host.path("cluster/state/apimodel.deploy.json"), "--output-directory", host.path("cluster/_output")];
  return [...common, ...model, "--client-secret", SECRET];
}

export function newHost(): HelperHost {
  const host = new HelperHost();
  host.write("cluster/apimodel.input.json", APIMODEL);
  return host;
}

export function generatedPki(host: HelperHost): string {
  return JSON.parse(host.read("cluster/_output/apimodel.json")).properties.certificateProfile.caCertificate;
}


/** What the restore step sends: the release that wrote the backup (or nothing) on the first line, then the backup. */
export function restoreInput(backup: string, release = ""): string {
  return `${release}\n${backup}`;
}
