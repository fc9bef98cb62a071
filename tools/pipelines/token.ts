/**
 * The Azure DevOps token of `pipelines:connect`: from the environment only (never an argument,
 * which would sit in the shell's history and the process list), and how it is sent.
 *
 * - `AZURE_DEVOPS_EXT_PAT`, the variable the Azure DevOps CLI reads (docs: "Sign in with a
 *   personal access token", learn.microsoft.com/azure/devops/cli/log-in-via-pat): sent as a PAT,
 *   HTTP Basic `PAT:<token>` (azure-devops-node-api getPersonalAccessTokenHandler → typed-rest-client
 *   PersonalAccessTokenCredentialHandler.prepareRequest). Those docs also feed the CLI
 *   `$(System.AccessToken)` as a PAT, so a pipeline may map the job's token into this variable.
 * - `SYSTEM_ACCESSTOKEN`, the job access token a pipeline step gets when it maps
 *   `$(System.AccessToken)` into its `env:`: used only when `AZURE_DEVOPS_EXT_PAT` is unset, and
 *   sent as an OAuth bearer token (getBearerHandler; the library's own getHandlerFromToken would
 *   pick bearer too for a token that is not PAT-shaped).
 */
import { getBearerHandler, getPersonalAccessTokenHandler } from "azure-devops-node-api";
import type { IRequestHandler } from "azure-devops-node-api/interfaces/common/VsoBaseInterfaces";
import { InputError } from "../plan/cli";

export const PAT_VARIABLE = "AZURE_DEVOPS_EXT_PAT";
export const JOB_TOKEN_VARIABLE = "SYSTEM_ACCESSTOKEN";

export interface AzureDevOpsToken {
  /** The variable it came from, for messages (never the value). */
  readonly variable: typeof PAT_VARIABLE | typeof JOB_TOKEN_VARIABLE;
  readonly value: string;
}

/** The token to use; a clear error naming the variables when there is none. */
export function azureDevOpsToken(env: Readonly<Record<string, string | undefined>>): AzureDevOpsToken {
  const pat = env[PAT_VARIABLE]?.trim();
  if (pat) return { variable: PAT_VARIABLE, value: pat };
  const jobToken = env[JOB_TOKEN_VARIABLE]?.trim();
  if (jobToken) return { variable: JOB_TOKEN_VARIABLE, value: jobToken };
  throw new InputError(
    `no Azure DevOps token: set ${PAT_VARIABLE} to a personal access token with the scopes Service Connections (Read, query & manage) and Project and Team (Read), ` +
      `or, in a pipeline step, map ${JOB_TOKEN_VARIABLE}: $(System.AccessToken) into its env (the token is never taken from arguments)`,
  );
}

/** The library's request handler that puts the token on every request. */
export function authHandler(token: AzureDevOpsToken): IRequestHandler {
  return token.variable === PAT_VARIABLE ? getPersonalAccessTokenHandler(token.value) : getBearerHandler(token.value);
}
