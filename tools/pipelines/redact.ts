/**
 * The last guard before anything is printed: every known secret (the Azure DevOps token, the
 * kubeconfig, the credentials inside it) is cut out of an error's message and stack, whatever
 * produced it (a server that quotes the request back, a library message). Pure.
 */

export const REDACTED = "[redacted]";

/** Secrets shorter than this are not searched for: they would match ordinary text. */
const MIN_SECRET_LENGTH = 8;

export function redact(text: string, secrets: readonly string[]): string {
  return secrets
    .filter((secret) => secret.length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length) // the kubeconfig before the token inside it
    .reduce((out, secret) => out.split(secret).join(REDACTED), text);
}

/** The same error, its message and stack redacted (the class is kept, so InputErrors still print as one message). */
export function redactError(error: unknown, secrets: readonly string[]): unknown {
  if (!(error instanceof Error)) return new Error(redact(String(error), secrets));
  error.message = redact(error.message, secrets);
  if (error.stack) error.stack = redact(error.stack, secrets);
  return error;
}
