/**
 * Checks of inputs that fit their key's pattern yet would do harm on the helper or break later
 * (issue 8): reserved work directories, SSH sources that together open the helper to too much of
 * the internet, credentials in a download URL, endpoint URLs aks-engine cannot derive from, and
 * PEM line endings. Pure: each check returns the problem's text (without the key) or undefined.
 */
import { Cidr, unionSize } from "../util/cidr";

/** System trees: a work directory at or below one of these is refused. */
export const RESERVED_TREES: readonly string[] = [
  "/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32", "/proc", "/run", "/sbin", "/snap", "/sys", "/usr",
  "/var/lock", "/var/run",
];
/** Shared directories: refused themselves (the work-dir step runs `chmod 700` on it), a directory below them is fine. */
export const RESERVED_DIRS: readonly string[] = [
  "/home", "/media", "/mnt", "/opt", "/root", "/srv", "/tmp", "/var", "/var/cache", "/var/lib", "/var/log", "/var/mail",
  "/var/opt", "/var/spool", "/var/tmp",
];

const code = (paths: readonly string[]) => paths.map((p) => `\`${p}\``).join(", ");
/** For the schema's description of helperWorkDir. */
export const RESERVED_WORK_DIR_RULE =
  `Refused: \`/\`, \`.\` or \`..\` segments, \`//\`, a trailing \`/\`, a top-level directory, ${code(RESERVED_TREES)} and anything below them, ` +
  `and ${code(RESERVED_DIRS)} themselves (the work-dir step runs \`chmod 700\` on it, as the SSH user).`;

/** What is wrong with a helper work directory that already matched `^/[A-Za-z0-9._/-]*$`, if anything. */
export function workDirProblem(path: string): string | undefined {
  const show = JSON.stringify(path);
  const example = "e.g. /home/<user>/azs-ha/<stampName> or /srv/azs-ha/<stampName>";
  if (path === "/") return `${show} is the root directory; use a directory of its own at least two levels deep, ${example}`;
  if (path.includes("//")) return `${show} has an empty segment (//); separate directories with a single /`;
  if (path.endsWith("/")) return `${show} ends with /; remove the trailing slash`;
  const segments = path.slice(1).split("/");
  if (segments.some((s) => s === "." || s === "..")) return `${show} has a . or .. segment; give the directory's own absolute path, ${example}`;
  const tree = RESERVED_TREES.find((reserved) => path === reserved || path.startsWith(`${reserved}/`));
  if (tree !== undefined) {
    return `${show} is ${path === tree ? "" : "inside "}${tree}, a reserved system location (refused with everything below: ${RESERVED_TREES.join(", ")}); ${example}`;
  }
  if (RESERVED_DIRS.includes(path)) {
    return `${show} is a shared system directory (refused themselves: ${RESERVED_DIRS.join(", ")}); use a directory of its own below it, e.g. ${path}/azs-ha`;
  }
  if (segments.length < 2) return `${show} is a top-level directory; use a directory at least two levels deep, e.g. ${path}/azs-ha`;
  return undefined;
}

/** SSH sources are "too broad" when, overlaps merged, they cover more addresses than one /8. */
export const SSH_MAX_ADDRESSES = 2 ** 24;

/** 16777216 -> "16,777,216" (locale-independent). */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** The problem with SSH source ranges that together cover more than SSH_MAX_ADDRESSES addresses, if they do. */
export function sshUnionProblem(ranges: readonly string[], parsed: readonly Cidr[]): string | undefined {
  const covered = unionSize(parsed);
  if (covered <= SSH_MAX_ADDRESSES) return undefined;
  return (
    `${JSON.stringify(ranges)} together cover ${formatCount(covered)} addresses, more than a /8 (${formatCount(SSH_MAX_ADDRESSES)}: the most ` +
    "the union of the ranges, overlaps merged, may cover); list narrower ranges, or set helperAllowSshFromAnywhere to true"
  );
}

/**
 * The problem with credentials or a query string in the aks-engine download URL: it is kept in
 * plain text in the install command (in the stack's state) and printed by the install script. The
 * value shown has the credential part replaced, so the message itself leaks nothing.
 */
export function downloadUrlCredentialProblem(text: string, url: URL): string | undefined {
  const found: string[] = [];
  if (url.username !== "" || url.password !== "") found.push("credentials (user:password@)");
  if (url.search !== "") found.push("a query string (?..., e.g. a SAS signature)");
  if (found.length === 0) return undefined;
  const shown = text.replace(/^(https?:\/\/)[^/?#]*@/, "$1<credentials>@").replace(/\?[^#]*/, "?<query>");
  return (
    `${JSON.stringify(shown)} has ${found.join(" and ")}; the URL is kept in plain text in the install command in the stack's state and ` +
    "printed by the install script. Allowed: an http(s) URL without user:password@ or ?query; serve the archive from a mirror that needs " +
    "no credentials in the URL (e.g. reachable only from the hub's network), with aksEngineSha256 to verify it"
  );
}

/**
 * The problem with a URL that is more than `https://<host>` with an optional trailing slash.
 * aks-engine derives the hub's endpoints from the portal URL by text replacement
 * (pkg/api/defaults-custom-cloud-profile.go, getAzureStackFQDNSuffix:
 * `strings.Replace(portalURL, "https://portal.<location>.", "")` then `TrimSuffix("/")`), so a
 * path, query, fragment, port, user info or upper-case letter would end up in the hub's domain.
 */
export function originOnlyProblem(text: string, url: URL, example: string): string | undefined {
  if (url.port === "" && (text === url.origin || text === `${url.origin}/`)) return undefined;
  return `${JSON.stringify(text)} must be only scheme and host, with an optional trailing slash (no user info, port, path, query or fragment; lower-case host), e.g. ${example}`;
}

/** PEM text with `\r\n` and lone `\r` line endings turned into `\n` (cloud-init's YAML and aks-engine read `\n`). */
export function normalizeLineEndings(text: string): string {
  return text.replace(/\r\n?/g, "\n");
}
