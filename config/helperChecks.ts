/**
 * The helper's settings that decide what runs where as whom: the work directory (the work-dir step
 * runs `mkdir -p` and `chmod 700` on it) and an existing helper's two opt-ins, `root` as the SSH
 * user and no pinned host key (issue 8). Pure, like the rest of config parsing.
 */
import { workDirProblem } from "./guards";
import type { ConfigReader } from "./reader";

const ABSOLUTE_PATH = /^\/[A-Za-z0-9._/-]*$/;

/** helperWorkDir, or its default; refused where the work-dir step (`mkdir -p`, `chmod 700`) would harm the system. */
export function readWorkDir<S>(r: ConfigReader<S>, user: string | undefined, stampName: string | undefined): string | undefined {
  const dir = r.matching("helperWorkDir", ABSOLUTE_PATH, "must be an absolute path of letters, digits and ._-/");
  if (dir !== undefined) {
    const problem = workDirProblem(dir);
    if (problem !== undefined) r.problem("helperWorkDir", problem);
    return problem === undefined ? dir : undefined;
  }
  if (r.isSet("helperWorkDir") || !user || !stampName) return undefined;
  return user === "root" ? `/root/azs-ha/${stampName}` : `/home/${user}/azs-ha/${stampName}`;
}

/**
 * The existing helper's two opt-ins: `root` as the SSH user (every step then runs as root), and no
 * pinned host key (the command provider then ignores the host key on every connection: whoever
 * answers at helperHost receives the credential). False when one is refused.
 */
export function existingHelperTrust<S>(r: ConfigReader<S>, host: string | undefined, user: string | undefined): boolean {
  const allowRoot = r.boolean("helperAllowRootUser");
  const allowUnverified = r.boolean("helperAllowUnverifiedHostKey");
  if (allowRoot === undefined || allowUnverified === undefined) return false;
  let ok = true;
  if (user === "root" && !allowRoot) {
    r.problem("helperUser", '"root" is refused: every step on the helper (mkdir and chmod 700 of helperWorkDir, install, deploy) would run as root; use an unprivileged user, or set helperAllowRootUser to true');
    ok = false;
  }
  if (!r.isSet("helperHostKey")) {
    const pin = `pulumi config set helperHostKey "$(ssh-keyscan -t ed25519 ${host ?? "<host>"} | cut -d' ' -f2-)"`;
    if (allowUnverified) {
      r.warnings.push(`helperHostKey is not set and helperAllowUnverifiedHostKey is true: the existing helper's SSH host key is not verified on any connection. Pin it with: ${pin}`);
    } else {
      r.problem(
        "helperHostKey",
        'required when helperMode is "existing" (the service principal\'s credential goes to the helper over SSH; without a pinned host key any host answering at helperHost gets it); ' +
          `pin it with: ${pin} and compare it with the helper's own key (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub on the helper), or set helperAllowUnverifiedHostKey to true to accept any host key`,
        true,
      );
      ok = false;
    }
  }
  return ok;
}
