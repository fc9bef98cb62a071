/**
 * The one redaction every tool uses before it prints anything (verify's table, pipelines:connect's
 * errors, the CI secret setter's error): every known secret is cut out of a text, whatever produced
 * it (a server that quotes the request back, a library's message, a CLI echoing its stdin). Pure.
 *
 * For each secret value, the texts masked are:
 * - the value as given, and trimmed (a CLI reading stdin drops the trailing newline);
 * - its base64 (a kubeconfig's `*-data` fields carry a PEM that way);
 * - every run of base64 inside it long enough to be key material, a token or a PEM line, and the
 *   lines of that run decoded (the client key inside a kubeconfig is base64 of a PEM whose lines
 *   are base64 again).
 * Every character inside an occurrence of any of them is masked, and each masked stretch becomes
 * one REDACTED: overlapping secrets are masked whole, and a marker is never masked again. A secret value of any length is masked (a short
 * one can make a message harder to read, never leak); texts derived from it must be at least
 * MIN_DERIVED_LENGTH long, so ordinary words and host names are left alone.
 */

export const REDACTED = "[secret]";

/** Derived texts shorter than this would match ordinary text. */
const MIN_DERIVED_LENGTH = 20;
// Runs of base64 (host names and words stop at `.` and `-`).
const KEY_MATERIAL = new RegExp(`[A-Za-z0-9+/=]{${MIN_DERIVED_LENGTH},}`, "g");

/** Every text to mask for these secret values, longest first (a stable order, for tests and reviews). */
export function secretTexts(values: Iterable<string>): string[] {
  const texts = new Set<string>();
  const derived = (text: string) => {
    if (text.length >= MIN_DERIVED_LENGTH) texts.add(text);
  };
  for (const value of values) {
    if (value.trim() === "") continue;
    texts.add(value);
    texts.add(value.trim());
    derived(Buffer.from(value, "utf8").toString("base64"));
    for (const run of value.match(KEY_MATERIAL) ?? []) {
      derived(run);
      for (const line of Buffer.from(run, "base64").toString("utf8").split("\n")) derived(line.trim());
    }
  }
  return [...texts].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
}

/** A function masking every text of these secrets (secretTexts) in what it is given. */
export function redactor(values: Iterable<string>): (text: string) => string {
  const texts = secretTexts(values);
  return (text) => {
    // Every character inside any occurrence of any secret text, so overlapping secrets are masked whole.
    const covered = new Uint8Array(text.length);
    for (const secret of texts) {
      for (let at = text.indexOf(secret); at !== -1; at = text.indexOf(secret, at + 1)) covered.fill(1, at, at + secret.length);
    }
    let out = "";
    for (let i = 0; i < text.length; ) {
      if (!covered[i]) out += text[i++];
      else {
        out += REDACTED;
        while (covered[i]) i++;
      }
    }
    return out;
  };
}

/** `text` with every text of these secrets masked. */
export const redact = (text: string, values: Iterable<string>): string => redactor(values)(text);

/** The same error, its message and stack redacted (the class is kept, so InputErrors still print as one message). */
export function redactError(error: unknown, values: Iterable<string>): unknown {
  const mask = redactor(values);
  if (!(error instanceof Error)) return new Error(mask(String(error)));
  error.message = mask(error.message);
  if (error.stack) error.stack = mask(error.stack);
  return error;
}
