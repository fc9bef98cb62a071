/**
 * Inputs that fit their key's form yet would do harm or break later (issue 8, "Inputs that pass
 * validation"), each refused before any resource with an exact message, with the accepted value
 * on the other side of each boundary.
 */
import { checkStackConfig, parseStackConfig } from "../config/parse";
import type { GlobalConfig, StampConfig } from "../config/types";
import { CREATE_MODE, EXISTING_MODE, GLOBAL, rawConfig, RSA_KEY_PEM, SECRETS } from "./support/configs";

type Values = Record<string, string | undefined>;

function problemsOf(base: Record<string, string>, values: Values, secrets: Values = SECRETS, stack = "stampA"): string[] {
  return checkStackConfig(rawConfig(base, values, secrets, stack)).problems.map((p) => `${p.key}: ${p.message}`);
}
const stamp = (base: Record<string, string>, values: Values, secrets: Values = SECRETS) =>
  parseStackConfig(rawConfig(base, values, secrets)).config as StampConfig<string>;

const EXISTING_SECRETS = { ...SECRETS, helperPrivateKey: "planted-private-key" };
const CERTIFICATE = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
const CERT_MODE = { hubAuthMethod: "client_certificate", hubClientCertificatePath: "sp.pfx", hubClientCertificatePem: CERTIFICATE };
const CERT_SECRETS = { hubClientPrivateKeyPem: RSA_KEY_PEM, clusterClientSecret: "s" };

const EXAMPLE_DIRS = "e.g. /home/<user>/azs-ha/<stampName> or /srv/azs-ha/<stampName>";
const TREES = "/bin, /boot, /dev, /etc, /lib, /lib32, /lib64, /libx32, /proc, /run, /sbin, /snap, /sys, /usr, /var/lock, /var/run";
const DIRS = "/home, /media, /mnt, /opt, /root, /srv, /tmp, /var, /var/cache, /var/lib, /var/log, /var/mail, /var/opt, /var/spool, /var/tmp";
const tree = (dir: string, reserved: string) =>
  `helperWorkDir: "${dir}" is ${dir === reserved ? "" : "inside "}${reserved}, a reserved system location (refused with everything below: ${TREES}); ${EXAMPLE_DIRS}`;
const shared = (dir: string) => `helperWorkDir: "${dir}" is a shared system directory (refused themselves: ${DIRS}); use a directory of its own below it, e.g. ${dir}/azs-ha`;
const dotted = (dir: string) => `helperWorkDir: "${dir}" has a . or .. segment; give the directory's own absolute path, ${EXAMPLE_DIRS}`;

const tooBroad = (ranges: string, count: string) =>
  `helperSshSourceRanges: ${ranges} together cover ${count} addresses, more than a /8 (16,777,216: the most the union of the ranges, overlaps merged, may cover); ` +
  "list narrower ranges, or set helperAllowSshFromAnywhere to true";

const urlWith = (shown: string, what: string) =>
  `aksEngineDownloadUrl: "${shown}" has ${what}; the URL is kept in plain text in the install command in the stack's state and printed by the install script. ` +
  "Allowed: an http(s) URL without user:password@ or ?query; serve the archive from a mirror that needs no credentials in the URL (e.g. reachable only from the hub's network), " +
  "with aksEngineSha256 to verify it";
const CREDENTIALS = "credentials (user:password@)";
const QUERY = "a query string (?..., e.g. a SAS signature)";

const originOnly = (key: string, text: string, example: string) =>
  `${key}: "${text}" must be only scheme and host, with an optional trailing slash (no user info, port, path, query or fragment; lower-case host), e.g. ${example}`;
const portal = (text: string) => originOnly("hubPortalUrl", text, "https://portal.redmond.azurestack.contoso.com/");
const arm = (text: string) => originOnly("hubArmEndpoint", text, "https://management.redmond.azurestack.contoso.com");
const PORTAL = "https://portal.redmond.azurestack.contoso.com";
const ARM = "https://management.redmond.azurestack.contoso.com";

const emptySecret = (key: string, why: string) => `${key}: is set but empty or only whitespace; it is required${why}; set it with: pulumi config set --secret ${key} <value>`;

const PIN = "pulumi config set helperHostKey \"$(ssh-keyscan -t ed25519 helper.redmond.example | cut -d' ' -f2-)\"";
const HOST_KEY_REQUIRED =
  "helperHostKey: required when helperMode is \"existing\" (the service principal's credential goes to the helper over SSH; without a pinned host key any host answering at helperHost gets it); " +
  `pin it with: ${PIN} and compare it with the helper's own key (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub on the helper), or set helperAllowUnverifiedHostKey to true to accept any host key`;
const ROOT_REFUSED =
  'helperUser: "root" is refused: every step on the helper (mkdir and chmod 700 of helperWorkDir, install, deploy) would run as root; use an unprivileged user, or set helperAllowRootUser to true';

// [what is wrong, base, value overrides, secret overrides (undefined: the defaults), exact problems]
const REFUSED: [string, Record<string, string>, Values, Values | undefined, string[]][] = [
  // helperWorkDir: the work-dir step runs `mkdir -p` and `chmod 700` on it
  ["the root directory as work dir", CREATE_MODE, { helperWorkDir: "/" }, undefined,
    [`helperWorkDir: "/" is the root directory; use a directory of its own at least two levels deep, ${EXAMPLE_DIRS}`]],
  ["a .. segment", CREATE_MODE, { helperWorkDir: "/home/ops/../../etc" }, undefined, [dotted("/home/ops/../../etc")]],
  ["a . segment", CREATE_MODE, { helperWorkDir: "/home/ops/./azs" }, undefined, [dotted("/home/ops/./azs")]],
  ["a double slash", CREATE_MODE, { helperWorkDir: "/home//ops" }, undefined, ['helperWorkDir: "/home//ops" has an empty segment (//); separate directories with a single /']],
  ["a trailing slash", CREATE_MODE, { helperWorkDir: "/home/ops/azs-ha/" }, undefined, ['helperWorkDir: "/home/ops/azs-ha/" ends with /; remove the trailing slash']],
  ["a top-level directory", CREATE_MODE, { helperWorkDir: "/data" }, undefined, ['helperWorkDir: "/data" is a top-level directory; use a directory at least two levels deep, e.g. /data/azs-ha']],
  ["/etc", CREATE_MODE, { helperWorkDir: "/etc" }, undefined, [tree("/etc", "/etc")]],
  ["a directory below /etc", CREATE_MODE, { helperWorkDir: "/etc/azs-ha" }, undefined, [tree("/etc/azs-ha", "/etc")]],
  ["a directory deep below /usr", CREATE_MODE, { helperWorkDir: "/usr/local/azs-ha" }, undefined, [tree("/usr/local/azs-ha", "/usr")]],
  ["a directory below /proc", CREATE_MODE, { helperWorkDir: "/proc/1" }, undefined, [tree("/proc/1", "/proc")]],
  ["a directory below /var/run (a link to /run)", CREATE_MODE, { helperWorkDir: "/var/run/azs-ha" }, undefined, [tree("/var/run/azs-ha", "/var/run")]],
  ["/tmp itself", CREATE_MODE, { helperWorkDir: "/tmp" }, undefined, [shared("/tmp")]],
  ["/var/tmp itself", CREATE_MODE, { helperWorkDir: "/var/tmp" }, undefined, [shared("/var/tmp")]],
  ["/var itself", CREATE_MODE, { helperWorkDir: "/var" }, undefined, [shared("/var")]],
  ["/var/lib itself", CREATE_MODE, { helperWorkDir: "/var/lib" }, undefined, [shared("/var/lib")]],
  ["/home itself", CREATE_MODE, { helperWorkDir: "/home" }, undefined, [shared("/home")]],
  ["/root itself", CREATE_MODE, { helperWorkDir: "/root" }, undefined, [shared("/root")]],
  ["/opt itself", CREATE_MODE, { helperWorkDir: "/opt" }, undefined, [shared("/opt")]],
  ["/srv itself", CREATE_MODE, { helperWorkDir: "/srv" }, undefined, [shared("/srv")]],
  ["/mnt itself", CREATE_MODE, { helperWorkDir: "/mnt" }, undefined, [shared("/mnt")]],
  ["/media itself", CREATE_MODE, { helperWorkDir: "/media" }, undefined, [shared("/media")]],

  // helperUser: root only with the opt-in
  ["root as the existing helper's user", EXISTING_MODE, { helperUser: "root" }, EXISTING_SECRETS, [ROOT_REFUSED]],
  ["root and a reserved work dir: both reported", EXISTING_MODE, { helperUser: "root", helperWorkDir: "/" }, EXISTING_SECRETS,
    [ROOT_REFUSED, `helperWorkDir: "/" is the root directory; use a directory of its own at least two levels deep, ${EXAMPLE_DIRS}`]],
  ["the root opt-in in create mode", CREATE_MODE, { helperAllowRootUser: "true" }, undefined, ['helperAllowRootUser: is not used when helperMode is "create"; remove it']],
  ["a root opt-in that is not a boolean", EXISTING_MODE, { helperUser: "root", helperAllowRootUser: "yes" }, EXISTING_SECRETS,
    ['helperAllowRootUser: "yes" is not a boolean; allowed values: true, false']],

  // helperHostKey: required for an existing helper unless the opt-in accepts any host key
  ["an existing helper without a host key", EXISTING_MODE, { helperHostKey: undefined }, EXISTING_SECRETS, [HOST_KEY_REQUIRED]],
  ["an existing helper without a host key, opt-in false", EXISTING_MODE, { helperHostKey: undefined, helperAllowUnverifiedHostKey: "false" }, EXISTING_SECRETS, [HOST_KEY_REQUIRED]],
  ["an existing helper without a host key or a valid host", EXISTING_MODE, { helperHostKey: undefined, helperHost: "bad host" }, EXISTING_SECRETS, [
    'helperHost: "bad host" is invalid; must be a host name or IPv4 address',
    HOST_KEY_REQUIRED.replace("helper.redmond.example", "<host>"),
  ]],
  ["the host-key opt-in in create mode", CREATE_MODE, { helperAllowUnverifiedHostKey: "true" }, undefined,
    ['helperAllowUnverifiedHostKey: is not used when helperMode is "create"; remove it']],

  // helperSshSourceRanges: the union, overlaps merged, at most one /8 without the opt-in
  ["two halves of the internet", CREATE_MODE, { helperSshSourceRanges: '["0.0.0.0/1","128.0.0.0/1"]' }, undefined, [tooBroad('["0.0.0.0/1","128.0.0.0/1"]', "4,294,967,296")]],
  ["one /7", CREATE_MODE, { helperSshSourceRanges: '["10.0.0.0/7"]' }, undefined, [tooBroad('["10.0.0.0/7"]', "33,554,432")]],
  ["a /8 and one more address", CREATE_MODE, { helperSshSourceRanges: '["10.0.0.0/8","11.0.0.0/32"]' }, undefined, [tooBroad('["10.0.0.0/8","11.0.0.0/32"]', "16,777,217")]],
  ["the opt-in set to false", CREATE_MODE, { helperSshSourceRanges: '["0.0.0.0/1","128.0.0.0/1"]', helperAllowSshFromAnywhere: "false" }, undefined,
    [tooBroad('["0.0.0.0/1","128.0.0.0/1"]', "4,294,967,296")]],

  // aksEngineDownloadUrl: no credentials in plain command text (the message shows neither)
  ["a download URL with user:password@", CREATE_MODE, { aksEngineDownloadUrl: "https://ops:planted-password@mirror.example/aks-engine-{version}.tar.gz" }, undefined,
    [urlWith("https://<credentials>@mirror.example/aks-engine-{version}.tar.gz", CREDENTIALS)]],
  ["a download URL with a user name (a token) only", CREATE_MODE, { aksEngineDownloadUrl: "https://planted-token@mirror.example/aks.tar.gz" }, undefined,
    [urlWith("https://<credentials>@mirror.example/aks.tar.gz", CREDENTIALS)]],
  ["a download URL with a SAS query", CREATE_MODE, { aksEngineDownloadUrl: "https://store.blob.example/aks-{version}.tar.gz?sv=2024&sig=planted-signature" }, undefined,
    [urlWith("https://store.blob.example/aks-{version}.tar.gz?<query>", QUERY)]],
  ["a download URL with both", CREATE_MODE, { aksEngineDownloadUrl: "https://u:p@mirror.example/aks.tar.gz?sig=planted#x" }, undefined,
    [urlWith("https://<credentials>@mirror.example/aks.tar.gz?<query>#x", `${CREDENTIALS} and ${QUERY}`)]],

  // secrets: empty or whitespace-only is refused at config time, the value never shown
  ["an empty client secret", CREATE_MODE, {}, { hubClientSecret: "" }, [emptySecret("hubClientSecret", ' when hubAuthMethod is "client_secret"')]],
  ["a whitespace-only client secret", CREATE_MODE, {}, { hubClientSecret: " \t\n" }, [emptySecret("hubClientSecret", ' when hubAuthMethod is "client_secret"')]],
  ["a whitespace-only helper key", EXISTING_MODE, {}, { ...SECRETS, helperPrivateKey: "  " }, [emptySecret("helperPrivateKey", ' when helperMode is "existing"')]],
  ["an empty certificate key", CREATE_MODE, CERT_MODE, { ...CERT_SECRETS, hubClientPrivateKeyPem: "" }, [emptySecret("hubClientPrivateKeyPem", ' when hubAuthMethod is "client_certificate"')]],
  ["an empty cluster secret with certificate sign-in", CREATE_MODE, CERT_MODE, { ...CERT_SECRETS, clusterClientSecret: " " }, [
    emptySecret("clusterClientSecret", ' when hubAuthMethod is "client_certificate" (the cluster\'s cloud provider signs in with a secret; aks-engine cannot give it the certificate)'),
  ]],
  ["an empty cluster secret that would override the default", CREATE_MODE, {}, { ...SECRETS, clusterClientSecret: "" },
    ["clusterClientSecret: is set but empty or only whitespace; give it a value, or remove it to use the default"]],
  ["an empty optional PFX password", CREATE_MODE, CERT_MODE, { ...CERT_SECRETS, hubClientCertificatePassword: "" },
    ["hubClientCertificatePassword: is set but empty or only whitespace; give it a value, or remove it (it is optional and has no default)"]],
  ["an empty workspace key", CREATE_MODE, { globalStack: undefined, monitoringWorkspaceId: "6f1a2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b" }, { ...SECRETS, monitoringWorkspaceKey: "" },
    [emptySecret("monitoringWorkspaceKey", " with monitoringWorkspaceId")]],

  // hubPortalUrl and hubArmEndpoint: scheme and host, optional trailing slash
  ["a portal URL with a path", CREATE_MODE, { hubPortalUrl: `${PORTAL}/portal` }, undefined, [portal(`${PORTAL}/portal`)]],
  ["a portal URL with a query", CREATE_MODE, { hubPortalUrl: `${PORTAL}/?tenant=x` }, undefined, [portal(`${PORTAL}/?tenant=x`)]],
  ["a portal URL with an empty query", CREATE_MODE, { hubPortalUrl: `${PORTAL}/?` }, undefined, [portal(`${PORTAL}/?`)]],
  ["a portal URL with a fragment", CREATE_MODE, { hubPortalUrl: `${PORTAL}/#home` }, undefined, [portal(`${PORTAL}/#home`)]],
  ["a portal URL with a port", CREATE_MODE, { hubPortalUrl: "https://portal.redmond.azurestack.contoso.com:8443/" }, undefined,
    [portal("https://portal.redmond.azurestack.contoso.com:8443/")]],
  ["a portal URL with the default port spelled out", CREATE_MODE, { hubPortalUrl: "https://portal.redmond.azurestack.contoso.com:443/" }, undefined,
    [portal("https://portal.redmond.azurestack.contoso.com:443/")]],
  ["a portal URL with user info", CREATE_MODE, { hubPortalUrl: "https://ops@portal.redmond.azurestack.contoso.com/" }, undefined,
    [portal("https://ops@portal.redmond.azurestack.contoso.com/")]],
  ["a portal URL with two trailing slashes", CREATE_MODE, { hubPortalUrl: `${PORTAL}//` }, undefined, [portal(`${PORTAL}//`)]],
  ["a portal URL in upper case (aks-engine replaces text)", CREATE_MODE, { hubPortalUrl: "https://PORTAL.redmond.azurestack.contoso.com/" }, undefined,
    [portal("https://PORTAL.redmond.azurestack.contoso.com/")]],
  ["an ARM endpoint with a path", CREATE_MODE, { hubArmEndpoint: `${ARM}/subscriptions` }, undefined, [arm(`${ARM}/subscriptions`)]],
  ["an ARM endpoint with a port", CREATE_MODE, { hubArmEndpoint: `${ARM}:8443` }, undefined, [arm(`${ARM}:8443`)]],
  ["an ARM endpoint with a query", CREATE_MODE, { hubArmEndpoint: `${ARM}/?api-version=2020-06-01` }, undefined, [arm(`${ARM}/?api-version=2020-06-01`)]],

  // messages that were wrong
  ["an empty value of a required key without a default", CREATE_MODE, { clusterDnsPrefix: "" }, undefined,
    ["clusterDnsPrefix: is set but empty; it is required; set it with: pulumi config set clusterDnsPrefix <value>"]],
  ["an empty value of an optional key without a default", CREATE_MODE, { hubRootCaPem: " " }, undefined,
    ["hubRootCaPem: is set but empty; give it a value, or remove it (it is optional and has no default)"]],
  ["an empty value of a conditionally required key", EXISTING_MODE, { helperHost: "" }, EXISTING_SECRETS,
    ['helperHost: is set but empty; it is required when helperMode is "existing"; set it with: pulumi config set helperHost <value>']],
  ["an empty value where a derived default exists", CREATE_MODE, { helperDnsLabel: "" }, undefined,
    ["helperDnsLabel: is set but empty; give it a value, or remove it to use the default"]],

  // helperAllowSecretInProcessList
  ["a process-list opt-in that is not a boolean", CREATE_MODE, { helperAllowSecretInProcessList: "1" }, undefined,
    ['helperAllowSecretInProcessList: "1" is not a boolean; allowed values: true, false']],
];

describe("an input that passes its pattern but would do harm or break later", () => {
  it.each(REFUSED)("is refused with an exact message: %s", (_what, base, values, secrets, expected) => {
    expect(problemsOf(base, values, secrets)).toEqual(expected);
  });

  it("never shows a secret's value or a URL's credential in a message", () => {
    const problems = [
      ...problemsOf(CREATE_MODE, { aksEngineDownloadUrl: "https://ops:planted-password@mirror.example/a.tar.gz?sig=planted-signature" }),
      ...problemsOf(CREATE_MODE, { hubAuthMethod: "client_certificate" }, { hubClientSecret: "planted-client-secret", hubClientCertificatePassword: " " }),
    ].join("\n");
    expect(problems).not.toMatch(/planted|ops:/);
  });
});

// [what, base, value overrides, secret overrides] that are accepted: the other side of each boundary
const ACCEPTED: [string, Record<string, string>, Values, Values | undefined][] = [
  ["a directory below /tmp", CREATE_MODE, { helperWorkDir: "/tmp/azs-ha" }, undefined],
  ["a directory below /var/lib", CREATE_MODE, { helperWorkDir: "/var/lib/azs-ha" }, undefined],
  ["a directory below /srv", CREATE_MODE, { helperWorkDir: "/srv/azs-ha" }, undefined],
  ["a directory below /opt", CREATE_MODE, { helperWorkDir: "/opt/azs-ha/stampa" }, undefined],
  ["a two-level directory of its own", CREATE_MODE, { helperWorkDir: "/data/azs-ha" }, undefined],
  ["a name that only starts like a reserved one", CREATE_MODE, { helperWorkDir: "/etcetera/azs-ha" }, undefined],
  ["dots inside a segment", CREATE_MODE, { helperWorkDir: "/home/ops/.azs-ha/stamp..a" }, undefined],
  ["root with the opt-in", EXISTING_MODE, { helperUser: "root", helperAllowRootUser: "true" }, EXISTING_SECRETS],
  ["an unprivileged user, opt-in unset", EXISTING_MODE, { helperUser: "ops" }, EXISTING_SECRETS],
  ["exactly one /8", CREATE_MODE, { helperSshSourceRanges: '["10.0.0.0/8"]' }, undefined],
  ["a /8 and a /9 inside it (one /8 together)", CREATE_MODE, { helperSshSourceRanges: '["10.0.0.0/8","10.0.0.0/9"]' }, undefined],
  ["two /9s that make one /8", CREATE_MODE, { helperSshSourceRanges: '["10.0.0.0/9","10.128.0.0/9"]' }, undefined],
  ["two halves of the internet with the opt-in", CREATE_MODE, { helperSshSourceRanges: '["0.0.0.0/1","128.0.0.0/1"]', helperAllowSshFromAnywhere: "true" }, undefined],
  ["a download URL with a bare ? (no query)", CREATE_MODE, { aksEngineDownloadUrl: "https://mirror.example/aks.tar.gz?" }, undefined],
  ["a download URL from an internal mirror", CREATE_MODE, { aksEngineDownloadUrl: "https://mirror.example/aks-engine-azurestack/{version}/aks.tar.gz" }, undefined],
  ["a one-character secret", CREATE_MODE, {}, { hubClientSecret: "x" }],
  ["the offline plan's placeholder for an absent secret", CREATE_MODE, {}, { hubClientSecret: "<secret:hubClientSecret>" }],
  ["a portal URL without a trailing slash", CREATE_MODE, { hubPortalUrl: PORTAL }, undefined],
  ["an ARM endpoint with a trailing slash", CREATE_MODE, { hubArmEndpoint: `${ARM}/` }, undefined],
];

describe("the accepted side of each boundary", () => {
  it.each(ACCEPTED)("accepts %s", (_what, base, values, secrets) => {
    expect(problemsOf(base, values, secrets)).toEqual([]);
  });

  it("defaults root's work directory to /root/azs-ha/<stampName> (below /root, not /root itself)", () => {
    expect(stamp(EXISTING_MODE, { helperUser: "root", helperAllowRootUser: "true" }, EXISTING_SECRETS).helper.workDir).toBe("/root/azs-ha/stampa");
  });

  it("accepts an existing helper without a host key with the opt-in, warning that no connection verifies it", () => {
    const { warnings } = parseStackConfig(rawConfig(EXISTING_MODE, { helperHostKey: undefined, helperAllowUnverifiedHostKey: "true" }, EXISTING_SECRETS));
    expect(warnings).toEqual([
      `helperHostKey is not set and helperAllowUnverifiedHostKey is true: the existing helper's SSH host key is not verified on any connection. Pin it with: ${PIN}`,
    ]);
  });

  it("parses helperAllowSecretInProcessList into the helper config, false by default, in both modes", () => {
    expect(stamp(CREATE_MODE, {}).helper.allowSecretInProcessList).toBe(false);
    expect(stamp(CREATE_MODE, { helperAllowSecretInProcessList: "true" }).helper.allowSecretInProcessList).toBe(true);
    expect(stamp(EXISTING_MODE, { helperAllowSecretInProcessList: "true" }, EXISTING_SECRETS).helper.allowSecretInProcessList).toBe(true);
  });
});

describe("PEM inputs", () => {
  const crlf = CERTIFICATE.replace(/\n/g, "\r\n");
  const lone = CERTIFICATE.replace(/\n/g, "\r");
  it.each([
    ["CRLF", crlf],
    ["lone CR", lone],
    ["mixed", `${CERTIFICATE.split("\n")[0]}\r\n${CERTIFICATE.split("\n")[1]}\r${CERTIFICATE.split("\n")[2]}`],
    ["LF", CERTIFICATE],
  ])("get LF line endings in the model (%s), for hubRootCaPem and hubClientCertificatePem", (_what, pem) => {
    expect(stamp(CREATE_MODE, { hubRootCaPem: pem }).hub.rootCaPem).toBe(CERTIFICATE);
    const auth = stamp(CREATE_MODE, { ...CERT_MODE, hubClientCertificatePem: pem }, CERT_SECRETS).hub.auth;
    expect(auth.method === "client_certificate" && auth.certificatePem).toBe(CERTIFICATE);
  });

  it("are checked after the line endings are normalised: a CR-only text without a PEM header is still refused", () => {
    expect(problemsOf(CREATE_MODE, { hubRootCaPem: "MIIB\rMIIC" })).toEqual(["hubRootCaPem: must be a PEM certificate (-----BEGIN CERTIFICATE----- ...)"]);
  });
});

describe("the global stack", () => {
  const A = "organization/azs-ha-kubernetes/stampA";
  const B = "organization/azs-ha-kubernetes/stampB";
  const geographic = (geoMapping: unknown) => ({
    trafficRoutingMethod: "Geographic",
    trafficManagerEndpoints: JSON.stringify([{ stack: A, geoMapping }, { stack: B, geoMapping: ["GEO-EU"] }]),
  });
  const globalProblems = (values: Values) => problemsOf(GLOBAL, values, {}, "global");

  it.each([
    ["a string instead of a list (it crashed the plan)", "DE", ['trafficManagerEndpoints[0].geoMapping: "DE" is not a list; it must be a list of region codes, e.g. ["DE"]']],
    ["a string that is no region code", "de", ['trafficManagerEndpoints[0].geoMapping: "de" is not a list; it must be a list of region codes, e.g. ["GEO-EU"]']],
    ["a number", 49, ['trafficManagerEndpoints[0].geoMapping: 49 is not a list; it must be a list of region codes, e.g. ["GEO-EU"]']],
    ["an object", { DE: true }, ['trafficManagerEndpoints[0].geoMapping: {"DE":true} is not a list; it must be a list of region codes, e.g. ["GEO-EU"]']],
    ["an empty list", [], ["trafficManagerEndpoints[0].geoMapping: [] must be a non-empty list of region codes such as GEO-EU, DE, WORLD"]],
    ["a list with a number", [49], ["trafficManagerEndpoints[0].geoMapping: [49] must be a non-empty list of region codes such as GEO-EU, DE, WORLD"]],
  ])("refuses a geoMapping that is %s, with an exact message", (_what, geoMapping, expected) => {
    expect(globalProblems(geographic(geoMapping))).toEqual(expected);
  });

  it("accepts the same code as a list", () => {
    const config = parseStackConfig(rawConfig(GLOBAL, geographic(["DE"]), {}, "global")).config as GlobalConfig;
    expect(config.trafficManager.endpoints.map((e) => e.geoMapping)).toEqual([["DE"], ["GEO-EU"]]);
  });

  it.each([
    ["an empty DNS name says it is required and how to set it", { trafficManagerDnsName: "" },
      ["trafficManagerDnsName: is set but empty; it is required; set it with: pulumi config set trafficManagerDnsName <value>"]],
    ["a blank DNS name likewise", { trafficManagerDnsName: "  " },
      ["trafficManagerDnsName: is set but empty; it is required; set it with: pulumi config set trafficManagerDnsName <value>"]],
    ["an empty key with a default can be removed", { trafficManagerName: "" }, ["trafficManagerName: is set but empty; give it a value, or remove it to use the default"]],
    ["status ranges that are not a list get a status-range example", { monitorExpectedStatusCodeRanges: "200-299" },
      ['monitorExpectedStatusCodeRanges: "200-299" is not a list of strings, e.g. ["200-299", "301-302"]']],
  ])("%s", (_what, values, expected) => {
    expect(globalProblems(values)).toEqual(expected);
  });
});
