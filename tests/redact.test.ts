/**
 * tools/ops/redact.ts: the one mask every tool puts over what it prints (verify's table,
 * pipelines:connect's errors, the CI secret setter's error). Each case names a way a secret could
 * reach the output and shows it does not.
 */
import { generateKeyPairSync } from "crypto";
import { InputError } from "../tools/plan/cli";
import { REDACTED, redact, redactError, redactor, secretTexts } from "../tools/ops/redact";
import { secretOutputValues } from "../tools/ops/stackOutputs";

const KEY = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const KEY_LINES = KEY.split("\n").filter((line) => line !== "" && !line.startsWith("-----"));
const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
/** A kubeconfig as aksengine/kubeconfig.ts renders it: the client key as base64 of its PEM. */
const KUBECONFIG = JSON.stringify({ users: [{ name: "admin", user: { "client-key-data": b64(KEY) } }], clusters: [{ cluster: { server: "https://ratings-a.local.cloudapp.azurestack.example" } }] });
const TOKEN = "eyJhbGciOiJSUzI1NiJ9.secret-service-account-token";

describe("redact", () => {
  it("uses one marker", () => {
    expect(REDACTED).toBe("[secret]");
    expect(redact(`token ${TOKEN} refused`, [TOKEN])).toBe("token [secret] refused");
  });

  it.each<[string, string, string[]]>([
    ["the value as given", `echo: ${KUBECONFIG}`, [KUBECONFIG]],
    ["the value trimmed (a CLI drops the trailing newline of stdin)", "could not encrypt: hunter2-correct-horse\n", ["hunter2-correct-horse\n\n"]],
    ["the value's base64", `data: ${b64("hunter2-correct-horse")}`, ["hunter2-correct-horse"]],
    ["a base64 run inside the value (the kubeconfig's client-key-data)", `bad key ${b64(KEY)}`, [KUBECONFIG]],
    ["the PEM decoded from that run", `tls: ${KEY}`, [KUBECONFIG]],
    ["one line of that PEM (a library quoting a line)", `asn1: at ${KEY_LINES[3]}`, [KUBECONFIG]],
    ["a short secret, anywhere", "password was pw7x, again pw7x", ["pw7x"]],
  ])("masks %s", (_, text, secrets) => {
    const masked = redact(text, secrets);
    expect(masked).toContain(REDACTED);
    for (const fragment of [...secrets, secrets[0].trim(), b64(KEY), KEY, ...KEY_LINES]) {
      if (text.includes(fragment)) expect({ fragment, shown: masked.includes(fragment) }).toEqual({ fragment, shown: false });
    }
  });

  it("masks overlapping secrets whole, as one marker, and never masks a marker again", () => {
    expect(redact("x-ABCDEFGH12-y", ["ABCDEFGH", "EFGH12345"])).toBe("x-[secret]12-y");
    expect(redact("x-ABCDEFGH12345-y", ["ABCDEFGH", "EFGH12345"])).toBe("x-[secret]-y");
    expect(redact("the secret is secret", ["secret"])).toBe("the [secret] is [secret]");
  });

  it("leaves other text alone: host names, words and short fragments of the key material", () => {
    const text = "HTTP 401 from https://ratings-a.local.cloudapp.azurestack.example at 10:00 (client certificate refused)";
    expect(redact(text, [KUBECONFIG, TOKEN])).toBe(text);
    // Nothing shorter than 20 characters is derived from a secret: no ordinary word is masked.
    expect(secretTexts([KUBECONFIG]).filter((t) => t !== KUBECONFIG && t.length < 20)).toEqual([]);
  });

  it("ignores empty and blank values, and masks nothing without secrets", () => {
    expect(secretTexts(["", "  \n"])).toEqual([]);
    expect(redactor([])("nothing to hide")).toBe("nothing to hide");
  });

  it("lists what it masks longest first, each once", () => {
    const texts = secretTexts([KUBECONFIG, KUBECONFIG, TOKEN]);
    expect(texts).toEqual([...new Set(texts)]);
    expect(texts.map((t) => t.length)).toEqual([...texts.map((t) => t.length)].sort((a, b) => b - a));
    expect(texts).toEqual(expect.arrayContaining([KUBECONFIG, TOKEN, b64(KEY), ...KEY_LINES]));
  });
});

describe("redactError", () => {
  it("masks an error's message and stack, keeping its class", () => {
    const error = redactError(new InputError(`server said: bad token ${TOKEN}`), [TOKEN]) as Error;
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe("server said: bad token [secret]");
    expect(error.stack).not.toContain(TOKEN);
  });

  it("turns a thrown non-Error into a masked Error", () => {
    expect((redactError(`raw ${TOKEN}`, [TOKEN]) as Error).message).toBe("raw [secret]");
  });
});

describe("secretOutputValues", () => {
  it("gives every string inside the secret outputs, however deep, and nothing of the others", () => {
    expect(
      secretOutputValues({
        kubeconfig: { value: KUBECONFIG, secret: true },
        keys: { value: { primary: "k-one-secret", list: ["k-two-secret", 3] }, secret: true },
        appUrl: { value: "http://192.0.2.10/", secret: false },
      }),
    ).toEqual([KUBECONFIG, "k-one-secret", "k-two-secret"]);
  });
});
