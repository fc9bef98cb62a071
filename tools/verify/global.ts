/**
 * The global stack's checks: the Traffic Manager profile read from Azure Resource Manager
 * (`profiles.get`, which returns the profile with its endpoints and their monitor status), and
 * the app through the profile's URL. The equivalent of the guide's look at the profile's
 * endpoints in the portal (or `az network traffic-manager endpoint list`) and a browser on
 * `http://<name>.trafficmanager.net/`.
 */
import { TrafficManagerManagementClient, type TrafficManagerManagementClientOptionalParams } from "@azure/arm-trafficmanager";
import type { TokenCredential } from "@azure/identity";
import type { EndpointReport } from "../../stacks/global";
import { type AppProbeTiming, probeApp, type Sleep } from "./appProbe";
import { type CheckFilter, CheckResult, fail, selected } from "./report";
import { type ProfileLocation, profileCheck, trafficManagerResults } from "./trafficManager";

/** What the checks need from the global stack's outputs (tools/verify/targets.ts). */
export interface GlobalTarget {
  readonly profile: ProfileLocation;
  readonly appUrl: string;
  readonly endpoints: readonly EndpointReport[];
}

/** How to reach Azure Resource Manager: the CLI passes DefaultAzureCredential and public Azure's endpoint. */
export interface ArmAccess {
  readonly credential: TokenCredential;
  /** e.g. https://management.azure.com; the token is requested for `<endpoint>/.default`. */
  readonly endpoint: string;
  /** CAs to trust for the endpoint beyond Node's (a TLS-inspecting proxy); Node's own store when absent. */
  readonly tlsOptions?: TrafficManagerManagementClientOptionalParams["tlsOptions"];
}

export const PUBLIC_AZURE_ARM = "https://management.azure.com";
const APP_THROUGH_TRAFFIC_MANAGER = "app through Traffic Manager";

const SIGN_IN_ERRORS = ["CredentialUnavailableError", "AggregateAuthenticationError", "AuthenticationError"];

/** Why ARM did not give the profile: its HTTP status and error code and message, or why no token was had. */
function describe(error: unknown): string {
  const e = error as Error & { statusCode?: number; code?: string };
  if (SIGN_IN_ERRORS.includes(e.name)) return `could not sign in to Azure (DefaultAzureCredential: az login, or the AZURE_* variables): ${e.message.split("\n")[0]}`;
  if (typeof e.statusCode === "number") return `HTTP ${e.statusCode}${e.code ? ` ${e.code}` : ""}: ${e.message}`;
  return e.message;
}

/**
 * The checks `only` selects (all by default). The profile is read when any of its checks is
 * selected (one read gives them all); a failed read is the profile's row.
 */
export async function verifyGlobal(target: GlobalTarget, arm: ArmAccess, app: AppProbeTiming, sleep: Sleep, only?: CheckFilter): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const profile = profileCheck(target.profile.name);
  if (only === undefined || [...only].some((check) => check !== APP_THROUGH_TRAFFIC_MANAGER)) {
    const client = new TrafficManagerManagementClient(arm.credential, target.profile.subscriptionId, { endpoint: arm.endpoint, tlsOptions: arm.tlsOptions });
    try {
      results.push(...trafficManagerResults(await client.profiles.get(target.profile.resourceGroup, target.profile.name), target.endpoints).filter((r) => selected(only, r.check)));
    } catch (error) {
      results.push(fail(profile, describe(error)));
    }
  }
  if (selected(only, APP_THROUGH_TRAFFIC_MANAGER)) results.push(await probeApp(APP_THROUGH_TRAFFIC_MANAGER, target.appUrl, app, sleep));
  return results;
}
