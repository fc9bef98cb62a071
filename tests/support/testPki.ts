/**
 * A throwaway PKI for the HTTPS fakes, made with the openssl CLI (Node's crypto cannot sign
 * certificates): a cluster CA with a server certificate for 127.0.0.1 and an admin client
 * certificate (O=system:masters, as aks-engine's kubeconfig certificate), and a second, foreign CA
 * with a client certificate of its own (a kubeconfig of another cluster). EC P-256 keys: fast.
 */
import { execFileSync } from "child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";

export interface KeyPair {
  readonly cert: string;
  readonly key: string;
}

export interface TestPki {
  readonly ca: string;
  readonly server: KeyPair;
  readonly admin: KeyPair;
  /** Signed by another CA: the API server must refuse it. */
  readonly foreignAdmin: KeyPair;
}

export function createTestPki(): TestPki {
  const dir = mkdtempSync(path.join(os.tmpdir(), "verify-pki-"));
  const file = (name: string) => path.join(dir, name);
  const openssl = (args: string[]) => {
    try {
      execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
    } catch (error) {
      throw new Error(`the verify tests need the openssl CLI to make their certificates: openssl ${args[0]} failed: ${(error as Error).message}`);
    }
  };
  const newKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  const newCa = (name: string) =>
    openssl(["req", "-x509", ...newKey, "-keyout", `${name}.key`, "-out", `${name}.crt`, "-days", "1", "-subj", `/CN=${name}`,
      "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
  const issue = (name: string, subject: string, ca: string, extensions: string): KeyPair => {
    writeFileSync(file(`${name}.ext`), extensions);
    openssl(["req", ...newKey, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", subject]);
    openssl(["x509", "-req", "-in", `${name}.csr`, "-CA", `${ca}.crt`, "-CAkey", `${ca}.key`, "-CAcreateserial", "-out", `${name}.crt`, "-days", "1", "-extfile", `${name}.ext`]);
    return { cert: readFileSync(file(`${name}.crt`), "utf8"), key: readFileSync(file(`${name}.key`), "utf8") };
  };
  try {
    newCa("cluster-ca");
    newCa("foreign-ca");
    const clientExtensions = "keyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n";
    return {
      ca: readFileSync(file("cluster-ca.crt"), "utf8"),
      server: issue("server", "/CN=kube-apiserver", "cluster-ca", "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1\n"),
      admin: issue("admin", "/O=system:masters/CN=masterclient", "cluster-ca", clientExtensions),
      foreignAdmin: issue("foreign-admin", "/O=system:masters/CN=masterclient", "foreign-ca", clientExtensions),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
