/**
 * Which of a stack's secret config keys a CI job provides, and under which environment variable:
 * the key in upper snake case (`hubClientSecret` → `HUB_CLIENT_SECRET`). The stack files hold no
 * secrets (`secure:` values are never committed), so the pipelines set them from their own secret
 * store before a preview or deployment (tools/ci/stackSecrets.ts). Pure.
 */
import { CONFIG_KEYS, type ConfigKey, type Role, SECRET_KEYS } from "../../config/schema";

export const envName = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();

/** The secret keys a stack of this role may set (a stamp's hub and cluster credentials; the global stack has none). */
export const secretKeysOf = (role: Role): ConfigKey[] => SECRET_KEYS.filter((key) => (CONFIG_KEYS[key].roles as readonly Role[]).includes(role));

/**
 * Azure Pipelines leaves `$(NAME)` as it is when no variable NAME exists, so a step's
 * `env: { X: $(X) }` passes that text for a secret the variable group does not hold: it means "not set".
 * (learn.microsoft.com, Azure Pipelines "Define variables", macro syntax.)
 */
const isUnset = (value: string | undefined): value is undefined => value === undefined || value === "" || /^\$\([^)]*\)$/.test(value);

export interface SecretFromEnv {
  readonly key: ConfigKey;
  readonly env: string;
}

export interface SecretsFromEnv {
  readonly provided: readonly (SecretFromEnv & { readonly value: string })[];
  readonly absent: readonly SecretFromEnv[];
}

export function secretsFromEnv(role: Role, env: Readonly<Record<string, string | undefined>>): SecretsFromEnv {
  const provided: (SecretFromEnv & { value: string })[] = [];
  const absent: SecretFromEnv[] = [];
  for (const key of secretKeysOf(role)) {
    const name = envName(key);
    const value = env[name];
    if (isUnset(value)) absent.push({ key, env: name });
    else provided.push({ key, env: name, value });
  }
  return { provided, absent };
}
