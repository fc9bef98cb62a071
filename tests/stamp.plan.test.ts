/** The stamp stack, evaluated offline exactly as `npm run plan` does. */
import { apimodelViolations } from "../aksengine/rules";
import { HELPER_SCRIPTS, scriptText } from "../remote/scripts";
import { SECRET, type Plan } from "../tools/plan/evaluate";
import { planJson, readPlanJson } from "../tools/plan/planFile";
import { byName, deployedReference, ofType, planStack } from "./support/plan";

const WORK = "/home/azureuser/azs-ha/stampa";
let stampA: Plan;
let shown: Plan;

beforeAll(async () => {
  stampA = await planStack("stampA");
  shown = await planStack("stampA", { showSecrets: true });
});

const urnOf = (plan: Plan, name: string) => byName(plan, name).urn;
const inputs = (plan: Plan, name: string) => byName(plan, name).inputs as Record<string, any>;

describe("the stampA plan", () => {
  it("declares the hub provider, the helper VM, the cluster steps, the in-cluster platform and app, and nothing else", () => {
    const counts: Record<string, number> = {};
    for (const r of stampA.resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
    expect(counts).toEqual({
      "azs-ha:app:MongoReplicaSet": 1,
      "azs-ha:app:RatingsApp": 1,
      "azs-ha:platform:ContainerMonitoring": 1,
      "azs-ha:platform:DeployerAccess": 1,
      "azs-ha:platform:IngressController": 1,
      "azs-ha:stamp:AksEngineCluster": 1,
      "azs-ha:stamp:ClusterOperations": 1,
      "azs-ha:stamp:HelperVm": 1,
      "azure-native:resources:Resource": 5,
      // work dir, install, restore, deploy, upgrade, image refresh, scale, apimodel backup (the kubeconfig is rendered from the backup)
      "command:remote:Command": 8,
      "command:remote:CopyToRemote": HELPER_SCRIPTS.length + 1, // and the apimodel
      "kubernetes:apps/v1:Deployment": 2,
      "kubernetes:apps/v1:StatefulSet": 1,
      "kubernetes:autoscaling/v2:HorizontalPodAutoscaler": 1,
      "kubernetes:core/v1:ConfigMap": 2,
      "kubernetes:core/v1:Namespace": 2,
      "kubernetes:core/v1:Secret": 3, // MongoDB credentials, the deployer token, and its read-back
      "kubernetes:core/v1:Service": 4, // three app tiers, and the controller's read-back
      "kubernetes:core/v1:ServiceAccount": 1,
      "kubernetes:helm.sh/v3:Release": 2,
      "kubernetes:networking.k8s.io/v1:Ingress": 1,
      "kubernetes:policy/v1:PodDisruptionBudget": 3,
      "kubernetes:rbac.authorization.k8s.io/v1:Role": 1,
      "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding": 1,
      "pulumi:providers:azure-native": 1,
      "pulumi:providers:kubernetes": 1,
      "pulumi:pulumi:StackReference": 2,
      "random:index/randomPassword:RandomPassword": 2,
      "tls:index/privateKey:PrivateKey": 3,
    });
    expect(ofType(stampA, "command:remote:Command").map((r) => r.name).sort()).toEqual(
      ["apimodel-backup", "deploy", "install-aks-engine", "operations-kubernetes-upgrade", "operations-node-image-refresh", "operations-scale", "restore-g1", "workdir"].map(
        (step) => `stampa-cluster-${step}`,
      ),
    );
  });

  it("parents every resource to its component, with names derived from the component's", () => {
    const components = stampA.resources.filter((r) => r.type.startsWith("azs-ha:"));
    expect(components.map((c) => c.name).sort()).toEqual(["stampa-app", "stampa-app-mongodb", "stampa-cluster", "stampa-cluster-operations", "stampa-deployer", "stampa-helper", "stampa-ingress", "stampa-monitoring"]);
    for (const r of stampA.resources) {
      // the component whose name is the longest prefix of the resource's
      const owner = components.filter((c) => r.name.startsWith(`${c.name}-`)).sort((a, b) => b.name.length - a.name.length)[0];
      if (r.name === "stampa-cluster-operations") expect(r.parent).toBe(urnOf(stampA, "stampa-cluster"));
      else if (r.name === "stampa-app-mongodb") expect(r.parent).toBe(urnOf(stampA, "stampa-app"));
      else if (r.type.startsWith("azs-ha:") || r.type.startsWith("pulumi:")) {
        expect({ name: r.name, parent: r.parent }).toEqual({ name: r.name, parent: null });
      } else {
        expect({ name: r.name, parent: r.parent }).toEqual({ name: r.name, parent: owner?.urn });
      }
    }
  });

  it("puts every in-cluster object on the stamp's explicit Kubernetes provider", () => {
    const provider = urnOf(stampA, "stampa-kubernetes");
    const inCluster = stampA.resources.filter((r) => r.type.startsWith("kubernetes:"));
    expect(inCluster.length).toBeGreaterThan(15);
    for (const r of inCluster) expect({ name: r.name, provider: r.provider }).toEqual({ name: r.name, provider });
    expect(byName(stampA, "stampa-kubernetes").secretInputs).toContain("kubeconfig");
  });

  it("creates hub resources only through the explicit hub provider, configured for Azure Stack Hub", () => {
    const provider = byName(shown, "stampa-hub");
    for (const r of ofType(stampA, "azure-native:resources:Resource")) expect(r.provider).toBe(provider.urn);
    // provider configuration reaches the engine as strings
    expect(provider.inputs).toMatchObject({
      metadataHost: "management.redmond.azurestack.contoso.com",
      location: "redmond",
      subscriptionId: "3f2b7c1e-8d4a-4e6b-9c2d-1a5e7f9b3c41",
      tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
      clientId: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
      clientSecret: "<secret:hubClientSecret>",
      disableInstanceDiscovery: "false",
    });
    expect(byName(stampA, "stampa-hub").secretInputs).toEqual(["clientId", "clientSecret"]);
  });

  it("orders the remote steps: VM, work dir, uploads, install, restore, deploy, upgrade, image refresh, scale, then the backup", () => {
    const deps = (name: string) => byName(stampA, name).dependsOn;
    const uploads = ofType(stampA, "command:remote:CopyToRemote").map((r) => r.urn);
    expect(deps("stampa-cluster-workdir")).toEqual(expect.arrayContaining([urnOf(stampA, "stampa-helper-vm")]));
    for (const upload of ofType(stampA, "command:remote:CopyToRemote")) expect(upload.dependsOn).toContain(urnOf(stampA, "stampa-cluster-workdir"));
    expect(deps("stampa-cluster-install-aks-engine")).toEqual(expect.arrayContaining(uploads));
    expect(deps("stampa-cluster-restore-g1")).toEqual(expect.arrayContaining([urnOf(stampA, "stampa-cluster-install-aks-engine"), urnOf(stampA, "stampa-previous-state")]));
    expect(deps("stampa-cluster-deploy")).toEqual(
      expect.arrayContaining([...uploads, urnOf(stampA, "stampa-cluster-install-aks-engine"), urnOf(stampA, "stampa-cluster-restore-g1")]),
    );
    // (besides the helper's keys, which the SSH connection reads)
    const steps = (name: string) => deps(name).filter((urn) => urn.includes("command:remote:Command"));
    expect(steps("stampa-cluster-operations-kubernetes-upgrade")).toEqual([urnOf(stampA, "stampa-cluster-deploy")]);
    expect(steps("stampa-cluster-operations-node-image-refresh")).toEqual([urnOf(stampA, "stampa-cluster-operations-kubernetes-upgrade")]);
    expect(steps("stampa-cluster-operations-scale")).toEqual([urnOf(stampA, "stampa-cluster-operations-node-image-refresh")]);
    expect(steps("stampa-cluster-apimodel-backup")).toEqual([urnOf(stampA, "stampa-cluster-operations-scale")]);
  });

  it("runs the scripts with their hash in the command text and the exact deploy flags", () => {
    expect(inputs(stampA, "stampa-cluster-deploy").create).toMatch(
      new RegExp(
        `^bash ${WORK}/scripts/deploy-cluster.sh --work ${WORK} --location redmond --resource-group ratings-redmond-rg ` +
          "--subscription-id 3f2b7c1e-8d4a-4e6b-9c2d-1a5e7f9b3c41 --cluster-client-id 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d --client-id 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d " +
          "--auth-method client_secret --identity-system azure_ad --poll-seconds 30 --max-wait-seconds 10800 # scripts [0-9a-f]{16}, helper generation 1$",
      ),
    );
    expect(inputs(stampA, "stampa-cluster-install-aks-engine").create).toMatch(
      new RegExp(
        `^bash ${WORK}/scripts/install-aks-engine.sh --work ${WORK} --version v0.85.0 ` +
          "--url https://github.com/Azure/aks-engine-azurestack/releases/download/v0.85.0/aks-engine-azurestack-v0.85.0-linux-amd64.tar.gz # scripts [0-9a-f]{16}, helper generation 1$",
      ),
    );
    // the restore records the same identity the deploy checks
    expect(inputs(stampA, "stampa-cluster-restore-g1").create).toMatch(
      new RegExp(
        `^bash ${WORK}/scripts/restore-cluster-state.sh --work ${WORK} --location redmond --resource-group ratings-redmond-rg ` +
          "--subscription-id 3f2b7c1e-8d4a-4e6b-9c2d-1a5e7f9b3c41 --cluster-client-id 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d # scripts [0-9a-f]{16}, helper generation 1$",
      ),
    );
    // the deploy is not re-run by anything but its own inputs: no triggers
    expect(inputs(stampA, "stampa-cluster-deploy").triggers).toBeUndefined();
  });

  it("passes the opt-in for a client secret on a command line that /proc may show only when it is configured", async () => {
    const optedIn = await planStack("stampA", { values: { helperAllowSecretInProcessList: "true" } });
    expect(inputs(optedIn, "stampa-cluster-deploy").create).toContain("--max-wait-seconds 10800 --allow-secret-in-process-list true # scripts");
    expect(inputs(stampA, "stampa-cluster-deploy").create).not.toContain("--allow-secret-in-process-list");
  });

  it("connects as the configured user to the helper's DNS name, pinning the generated host key", () => {
    const hostKey = shown.outputs.helperHostKey as string;
    expect(hostKey).toMatch(/^ssh-ed25519 AAAA\S+$/);
    for (const r of [...ofType(shown, "command:remote:Command"), ...ofType(shown, "command:remote:CopyToRemote")]) {
      expect(r.inputs.connection).toEqual({
        host: "stampa-helper.redmond.cloudapp.azurestack.contoso.com",
        user: "azureuser",
        hostKey,
        privateKey: expect.stringContaining("mock-private-key-of-stampa-helper-admin-key"),
        port: 22,
        dialErrorLimit: 30,
        perDialTimeout: 30,
      });
    }
  });

  it("gives the VM a cloud-init that installs that host key and keeps SSH sessions alive", () => {
    const vm = inputs(shown, "stampa-helper-vm");
    const cloudInit = Buffer.from(vm.properties.osProfile.customData, "base64").toString("utf8");
    expect(cloudInit.startsWith("#cloud-config\n")).toBe(true);
    expect(cloudInit).toContain(`  ed25519_public: ${shown.outputs.helperHostKey}\n`);
    expect(cloudInit).toContain("mock-private-key-of-stampa-helper-host-key");
    expect(cloudInit).toContain("ssh_genkeytypes: [ed25519]");
    expect(cloudInit).toContain("      ClientAliveInterval 30\n");
    expect(cloudInit).not.toContain("ca-certificates"); // stampA configures no root CA
    expect(vm.properties.osProfile.linuxConfiguration.disablePasswordAuthentication).toBe(true);
    expect(byName(stampA, "stampa-helper-vm").secretInputs).toEqual(["properties.osProfile.customData"]);
  });

  it("opens SSH only to the configured ranges: one uniquely named inbound TCP 22 rule per range, in config order", () => {
    const rule = (n: number, range: string) => ({
      name: `allow-ssh-${n}`,
      properties: {
        protocol: "Tcp",
        sourcePortRange: "*",
        destinationPortRange: "22",
        sourceAddressPrefix: range,
        destinationAddressPrefix: "*",
        access: "Allow",
        priority: 99 + n,
        direction: "Inbound",
        description: `SSH from ${range} (helperSshSourceRanges)`,
      },
    });
    expect(inputs(stampA, "stampa-helper-nsg").properties).toEqual({ securityRules: [rule(1, "203.0.113.0/24"), rule(2, "198.51.100.17/32")] });
  });

  it("wires the helper's network and VM as reviewed: its address space, one primary NIC with the public IP, the admin key where sshd reads it", () => {
    const id = (type: string) => `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/aks-helper-rg/providers/Microsoft.Network/${type}`;
    expect(inputs(stampA, "stampa-helper-vnet").properties).toEqual({
      addressSpace: { addressPrefixes: ["10.100.0.0/16"] },
      subnets: [{ name: "helper", properties: { addressPrefix: "10.100.0.0/24", networkSecurityGroup: { id: id("networkSecurityGroups/stampa-helper-nsg") } } }],
    });
    expect(inputs(stampA, "stampa-helper-nic").properties).toEqual({
      ipConfigurations: [
        {
          name: "ipconfig1",
          properties: {
            primary: true,
            privateIPAllocationMethod: "Dynamic",
            publicIPAddress: { id: id("publicIPAddresses/stampa-helper-pip") },
            subnet: { id: id("virtualNetworks/stampa-helper-vnet/subnets/helper") },
          },
        },
      ],
    });
    expect(inputs(stampA, "stampa-helper-vm").properties).toEqual({
      hardwareProfile: { vmSize: "Standard_DS2_v2" },
      networkProfile: { networkInterfaces: [{ id: id("networkInterfaces/stampa-helper-nic"), properties: { primary: true } }] },
      osProfile: {
        adminUsername: "azureuser",
        computerName: "stampa-helper",
        customData: SECRET,
        linuxConfiguration: {
          disablePasswordAuthentication: true,
          ssh: { publicKeys: [{ keyData: expect.stringMatching(/^ssh-rsa AAAA\S+$/), path: "/home/azureuser/.ssh/authorized_keys" }] },
        },
      },
      storageProfile: {
        imageReference: { offer: "0001-com-ubuntu-server-jammy", publisher: "Canonical", sku: "22_04-lts", version: "latest" },
        osDisk: { caching: "ReadWrite", createOption: "FromImage", diskSizeGB: 64, managedDisk: { storageAccountType: "Standard_LRS" } },
      },
    });
  });

  it("puts the apimodel and every script on the helper, exactly as rendered and as in the repository", () => {
    expect(Object.keys(stampA.files).sort()).toEqual(
      [`${WORK}/cluster/apimodel.input.json`, ...HELPER_SCRIPTS.map((s) => `${WORK}/scripts/${s}`)].sort(),
    );
    for (const script of HELPER_SCRIPTS) expect(stampA.files[`${WORK}/scripts/${script}`]).toBe(scriptText(script));
    const apimodel = JSON.parse(stampA.files[`${WORK}/cluster/apimodel.input.json`] as string);
    expect(apimodelViolations(apimodel, { location: "redmond", aksEngineVersion: "v0.85.0" })).toEqual([]);
    expect(apimodel.properties.linuxProfile.ssh.publicKeys[0].keyData).toMatch(/^ssh-rsa AAAA/);
  });

  it("exports the documented outputs, secrets as secrets", () => {
    expect(stampA.outputs).toEqual({
      stampName: "stampa",
      hubLocation: "redmond",
      clusterName: "ratings-redmond",
      kubernetesVersion: "1.33.10",
      nodeCount: 6,
      apiServerUrl: "https://ratings-redmond.redmond.cloudapp.azurestack.contoso.com",
      clusterResourceGroup: "ratings-redmond-rg",
      // read from the (mock) generated apimodel, not from the config
      clusterState: {
        agentPool: { count: 3, name: "linuxpool", vmSize: "Standard_DS2_v2" }, aksEngineRelease: "v0.85.0", distro: "aks-ubuntu-22.04",
        dnsPrefix: "ratings-redmond", kubernetesVersion: "1.33.10", location: "redmond", masterCount: 3, masterVmSize: "Standard_DS2_v2",
        networkPlugin: "kubenet", nodeCount: 6,
      },
      helperAddress: "stampa-helper.redmond.cloudapp.azurestack.contoso.com",
      helperUser: "azureuser",
      helperHostKey: expect.stringMatching(/^ssh-ed25519 /),
      helperSshPrivateKey: "[secret]",
      nodeAdminUsername: "azureuser",
      nodeSshPrivateKey: "[secret]",
      kubeconfig: "[secret]",
      apimodelBackup: "[secret]",
      ingressController: "nginx",
      ingressAddress: expect.stringMatching(/^192\.0\.2\.\d+$/),
      appUrl: `http://${stampA.outputs.ingressAddress}/`,
      appNamespace: "ratings",
      appMongoReplicas: 3,
      monitoringClusterName: "stampa-ratings-redmond",
      deployerKubeconfig: "[secret]",
    });
  });

  it("is byte-identical on a second evaluation, with unique URNs", async () => {
    expect(planJson(await planStack("stampA"))).toBe(planJson(stampA));
    const urns = stampA.resources.map((r) => r.urn);
    expect(new Set(urns).size).toBe(urns.length);
  });

  it("is written with each helper file and each ConfigMap's data as its lines, so no line of the plan file is over 1000 characters, and reads back as the same plan", () => {
    const written = planJson(stampA);
    const longest = Math.max(...written.split("\n").map((line) => line.length));
    expect(longest).toBeLessThanOrEqual(1000);
    const script = "/home/azureuser/azs-ha/stampa/scripts/deploy-cluster.sh";
    const read = JSON.parse(written) as { files: Record<string, unknown>; resources: { name: string; inputs: { data?: Record<string, unknown> } }[] };
    expect(read.files[script]).toEqual(String(stampA.files[script]).split("\n"));
    const mongoScripts = read.resources.find((r) => r.name === "stampa-app-mongodb-scripts")!;
    expect(mongoScripts.inputs.data?.["replica-set.sh"]).toEqual(scriptText("mongodb/replica-set.sh").split("\n"));
    expect(readPlanJson(written)).toEqual(JSON.parse(JSON.stringify(stampA)));
  });

  it("re-runs every step on the helper, and nothing else, when helperGeneration is bumped after a rebuild", async () => {
    const next = await planStack("stampA", { values: { helperGeneration: "2" } });
    // the restore step of the new generation is a new resource (see stamp.day2.plan.test.ts); every other step changes in place
    const before = (name: string) => stampA.resources.find((r) => r.name === name.replace("restore-g2", "restore-g1"));
    const changed = next.resources.filter((r) => JSON.stringify(r.inputs) !== JSON.stringify(before(r.name)?.inputs)).map((r) => r.name);
    const remote = [...ofType(next, "command:remote:Command"), ...ofType(next, "command:remote:CopyToRemote")].map((r) => r.name);
    expect(changed.sort()).toEqual(remote.sort());
    expect(remote).toContain("stampa-cluster-restore-g2");
    for (const command of ofType(next, "command:remote:Command")) expect(command.inputs.create).toMatch(/# (scripts [0-9a-f]{16}, )?helper generation 2( \(after: .*\))?$/);
    for (const copy of ofType(next, "command:remote:CopyToRemote")) expect(copy.inputs.triggers).toEqual([2]);
  });

  it("replaces fixed-name hub resources by deleting first", () => {
    for (const r of ofType(stampA, "azure-native:resources:Resource")) expect(r.options.deleteBeforeReplace).toBe(true);
  });

  it("feeds the restore step with this stack's own last apimodel backup", async () => {
    const previous = await deployedReference("stampA");
    const plan = await planStack("stampA", { showSecrets: true, stackReferences: previous });
    expect(inputs(plan, "stampa-previous-state").name).toBe("organization/azs-ha-kubernetes/stampA");
    // the release that wrote it on the first line, then the backup
    expect(inputs(plan, "stampa-cluster-restore-g1").stdin).toBe(`v0.85.0\n${previous["organization/azs-ha-kubernetes/stampA"].outputs.apimodelBackup}`);
    expect(inputs(shown, "stampa-cluster-restore-g1").stdin).toBe("\n");
  });
});

describe("other stamp configurations", () => {
  it("stampB signs in with a certificate: the PFX for the provider, the PEM uploaded, the cluster's secret and the key on stdin", async () => {
    const plan = await planStack("stampB", { showSecrets: true });
    const provider = byName(plan, "stampb-hub").inputs as Record<string, unknown>;
    expect(provider).toMatchObject({ clientCertificatePath: "./certs/stampb-sp.pfx", tenantId: "adfs", disableInstanceDiscovery: "true" });
    expect(provider.clientSecret).toBeUndefined();
    expect(plan.files["/home/azureuser/azs-ha/stampb/cluster/client-certificate.pem"]).toContain("-----BEGIN CERTIFICATE-----");
    expect(inputs(plan, "stampb-cluster-deploy").stdin).toBe("<secret:clusterClientSecret>\n<secret:hubClientPrivateKeyPem>");
    const apimodel = JSON.parse(String(plan.files["/home/azureuser/azs-ha/stampb/cluster/apimodel.input.json"]));
    expect(apimodel.properties.servicePrincipalProfile).toEqual({ clientId: "5d6e7f80-91a2-4b3c-9d4e-5f60718293a4", secret: "{{clusterClientSecret}}" });
    expect(inputs(plan, "stampb-cluster-deploy").create).toContain("--auth-method client_certificate --identity-system adfs");
    expect(inputs(plan, "stampb-cluster-install-aks-engine").create).toContain(
      "--url https://mirror.fabrikam.example/aks-engine-azurestack/v0.85.0/aks-engine-azurestack-v0.85.0-linux-amd64.tar.gz --sha256 4c7a1d1f",
    );
    const cloudInit = Buffer.from(inputs(plan, "stampb-helper-vm").properties.osProfile.customData, "base64").toString("utf8");
    expect(cloudInit).toContain("  - path: /usr/local/share/ca-certificates/azure-stack-hub-root.crt");
    expect(cloudInit).toContain("  - [update-ca-certificates]");
  });

  it("an existing helper gets no ARM resources and no hub provider, and is reached as configured", async () => {
    const hostKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExistingHelperHostKey";
    const plan = await planStack("stampA", {
      showSecrets: true,
      values: { helperMode: "existing", helperHost: "10.20.30.40", helperUser: "ops", helperHostKey: hostKey, helperSshSourceRanges: undefined },
      secrets: { helperPrivateKey: "<existing-helper-key>" },
    });
    expect(ofType(plan, "azure-native:resources:Resource")).toEqual([]);
    expect(ofType(plan, "pulumi:providers:azure-native")).toEqual([]);
    expect(ofType(plan, "tls:index/privateKey:PrivateKey").map((r) => r.name)).toEqual(["stampa-cluster-node-ssh-key"]);
    expect(inputs(plan, "stampa-cluster-deploy").connection).toEqual({
      host: "10.20.30.40", port: 22, user: "ops", privateKey: "<existing-helper-key>", hostKey, dialErrorLimit: 30, perDialTimeout: 30,
    });
    expect(Object.keys(plan.files)).toContain("/home/ops/azs-ha/stampa/cluster/apimodel.input.json");
    expect(plan.outputs).toMatchObject({ helperAddress: "10.20.30.40", helperUser: "ops", helperHostKey: hostKey });
  });
});

describe("preview mode", () => {
  it.each(["stampA", "stampB", "global"])("%s evaluates with unknown values and declares the same resources", async (stack) => {
    const preview = await planStack(stack, { preview: true });
    const full = stack === "stampA" ? stampA : await planStack(stack);
    expect(preview.resources.map((r) => r.urn)).toEqual(full.resources.map((r) => r.urn));
    if (stack === "global") expect(preview.outputs.workspaceId).toBe("[unknown]");
    else {
      expect(preview.outputs.kubeconfig).toBe("[unknown]");
      // Reads of objects that do not exist yet are not made in preview: their ids are unknown.
      expect(preview.outputs.ingressAddress).toBe("[unknown]");
      expect(preview.outputs.deployerKubeconfig).toBe("[unknown]");
      expect(preview.outputs.apiServerUrl).toBe(full.outputs.apiServerUrl);
      // the apimodel needs the generated node key, unknown until it exists
      expect(Object.values(preview.files)).toContain("[unknown]");
    }
  });
});
