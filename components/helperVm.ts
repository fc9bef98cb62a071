/**
 * The Linux host on the hub from which aks-engine-azurestack runs: either created here (NSG,
 * virtual network, static public IP with DNS label, NIC and an Ubuntu VM, all generic ARM
 * resources at the hub's API versions) or an existing host given in config. Either way it
 * exposes one SSH connection, with the host key pinned whenever it is known.
 */
import type { ProviderResource } from "@pulumi/pulumi";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import type { types } from "@pulumi/command";
import type { HelperConfig } from "../config/types";
import { renderHelperCloudInit } from "../helper/cloudInit";
import {
  HUB_KINDS,
  networkInterfaceBody,
  publicIpBody,
  sshSecurityGroupBody,
  virtualMachineBody,
  virtualNetworkBody,
} from "../helper/armBodies";
import { hubResource } from "./hubResource";

export type SshConnection = types.input.remote.ConnectionArgs;

export interface HelperVmArgs {
  readonly stampName: string;
  readonly helper: HelperConfig<pulumi.Output<string>>;
  /** The hub's location, external domain, root CA and the resource group for the VM. */
  readonly hub: { readonly location: string; readonly domain: string; readonly resourceGroup: string; readonly rootCaPem?: string };
  /** Azure Stack Hub provider; only used in create mode. */
  readonly provider?: ProviderResource;
}

export class HelperVm extends pulumi.ComponentResource {
  /** DNS name or address the remote commands connect to. */
  readonly address: pulumi.Output<string>;
  readonly user: pulumi.Output<string>;
  /** Pinned SSH host key (`ssh-ed25519 AAAA...`), or undefined for an existing host without one. */
  readonly hostKey: pulumi.Output<string | undefined>;
  /** The admin user's generated SSH private key (secret) in create mode; an existing host's key is the operator's own. */
  readonly adminPrivateKey: pulumi.Output<string> | undefined;
  readonly workDir: string;
  /** Bumped by the operator after the helper was rebuilt. */
  readonly generation: number;
  readonly connection: SshConnection;

  constructor(name: string, args: HelperVmArgs, opts?: pulumi.ComponentResourceOptions) {
    super("azs-ha:stamp:HelperVm", name, {}, opts);
    const helper = args.helper;
    this.workDir = helper.workDir;
    this.generation = helper.generation;
    const tuning = { dialErrorLimit: helper.ssh.dialErrorLimit, perDialTimeout: helper.ssh.perDialTimeoutSeconds };

    if (helper.mode === "existing") {
      this.address = pulumi.output(helper.host);
      this.user = pulumi.output(helper.user);
      this.hostKey = pulumi.output(helper.hostKey);
      this.adminPrivateKey = undefined;
      this.connection = { host: helper.host, user: helper.user, privateKey: helper.privateKey, hostKey: helper.hostKey, ...tuning };
    } else {
      const created = this.createVm(name, args, helper);
      this.address = created.fqdn;
      this.user = pulumi.output(helper.adminUsername);
      this.hostKey = created.hostKey;
      this.adminPrivateKey = created.privateKey;
      this.connection = {
        host: created.fqdn,
        user: helper.adminUsername,
        privateKey: created.privateKey,
        hostKey: created.hostKey,
        ...tuning,
      };
    }
    this.registerOutputs({ address: this.address, user: this.user, hostKey: this.hostKey, adminPrivateKey: this.adminPrivateKey });
  }

  private createVm(name: string, args: HelperVmArgs, helper: Extract<HelperConfig<pulumi.Output<string>>, { mode: "create" }>) {
    const child = { parent: this, provider: args.provider };
    const armName = `${args.stampName}-helper`;
    const common = { resourceGroupName: args.hub.resourceGroup, location: args.hub.location, tags: { stamp: args.stampName, role: "aks-engine-helper" } };

    // Azure Stack Hub's compute API takes RSA keys for VM admin users.
    const adminKey = new tls.PrivateKey(`${name}-admin-key`, { algorithm: "RSA", rsaBits: 4096 }, { parent: this });
    const hostKey = new tls.PrivateKey(`${name}-host-key`, { algorithm: "ED25519" }, { parent: this });
    const hostPublicKey = hostKey.publicKeyOpenssh.apply((key) => key.trim());

    const nsg = hubResource(`${name}-nsg`, HUB_KINDS.networkSecurityGroup, { ...common, resourceName: `${armName}-nsg`, properties: sshSecurityGroupBody(helper.sshSourceRanges) }, child);
    const subnetName = "helper";
    const vnet = hubResource(
      `${name}-vnet`,
      HUB_KINDS.virtualNetwork,
      { ...common, resourceName: `${armName}-vnet`, properties: virtualNetworkBody({ vnetCidr: helper.vnetCidr, subnetName, subnetCidr: helper.subnetCidr, nsgId: nsg.id }) },
      child,
    );
    const publicIp = hubResource(`${name}-pip`, HUB_KINDS.publicIpAddress, { ...common, resourceName: `${armName}-pip`, properties: publicIpBody(helper.dnsLabel) }, child);
    const nic = hubResource(
      `${name}-nic`,
      HUB_KINDS.networkInterface,
      { ...common, resourceName: `${armName}-nic`, properties: networkInterfaceBody({ subnetId: pulumi.interpolate`${vnet.id}/subnets/${subnetName}`, publicIpId: publicIp.id }) },
      child,
    );
    // cloud-init carries the host's private key: only that field of the VM body is secret.
    const customData = pulumi.secret(
      pulumi
        .all([hostKey.privateKeyOpenssh, hostPublicKey])
        .apply(([hostPrivateKey, hostPublic]) =>
          Buffer.from(renderHelperCloudInit({ hostPrivateKey, hostPublicKey: hostPublic, rootCaPem: args.hub.rootCaPem })).toString("base64"),
        ),
    );
    hubResource(
      `${name}-vm`,
      HUB_KINDS.virtualMachine,
      {
        ...common,
        resourceName: `${armName}-vm`,
        properties: virtualMachineBody({
          vmSize: helper.vmSize,
          image: helper.image,
          computerName: armName,
          adminUsername: helper.adminUsername,
          adminSshPublicKey: adminKey.publicKeyOpenssh.apply((key) => key.trim()),
          customData,
          nicId: nic.id,
        }),
      },
      child,
    );
    // The public IP's DNS name is known at plan time, so previews show where commands connect.
    // Commands wait for the VM by depending on this component.
    const fqdn = pulumi.output(`${helper.dnsLabel}.${args.hub.location}.cloudapp.${args.hub.domain}`);
    return { fqdn, privateKey: pulumi.secret(adminKey.privateKeyOpenssh), hostKey: hostPublicKey };
  }
}
