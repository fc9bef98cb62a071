/**
 * ARM request bodies (`properties`) of the helper VM's resources, typed after the REST API of
 * the exact versions an Azure Stack Hub accepts (profile 2020-09-01-hybrid). Tests validate
 * every body against `specs/arm/...` of that version.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ImageReference } from "../config/types";

export interface HubArmKind {
  readonly namespace: "Microsoft.Network" | "Microsoft.Compute";
  readonly type: string;
  readonly apiVersion: string;
}

export const NETWORK_API_VERSION = "2018-11-01";
export const COMPUTE_API_VERSION = "2020-06-01";

export const HUB_KINDS = {
  networkSecurityGroup: { namespace: "Microsoft.Network", type: "networkSecurityGroups", apiVersion: NETWORK_API_VERSION },
  virtualNetwork: { namespace: "Microsoft.Network", type: "virtualNetworks", apiVersion: NETWORK_API_VERSION },
  publicIpAddress: { namespace: "Microsoft.Network", type: "publicIPAddresses", apiVersion: NETWORK_API_VERSION },
  networkInterface: { namespace: "Microsoft.Network", type: "networkInterfaces", apiVersion: NETWORK_API_VERSION },
  virtualMachine: { namespace: "Microsoft.Compute", type: "virtualMachines", apiVersion: COMPUTE_API_VERSION },
} as const satisfies Record<string, HubArmKind>;

type Id = pulumi.Input<string>;

export interface SecurityRuleBody {
  name: string;
  properties: {
    protocol: "Tcp" | "Udp" | "*";
    sourcePortRange: string;
    destinationPortRange: string;
    sourceAddressPrefix: string;
    destinationAddressPrefix: string;
    access: "Allow" | "Deny";
    priority: number;
    direction: "Inbound" | "Outbound";
    description: string;
  };
}

export interface NetworkSecurityGroupBody {
  securityRules: SecurityRuleBody[];
}

/**
 * One rule per source range rather than `sourceAddressPrefixes`: augmented security rules
 * are not available on every hub, single-prefix rules are.
 */
export function sshSecurityGroupBody(sourceRanges: readonly string[]): NetworkSecurityGroupBody {
  return {
    securityRules: sourceRanges.map((range, i) => ({
      name: `allow-ssh-${i + 1}`,
      properties: {
        protocol: "Tcp",
        sourcePortRange: "*",
        destinationPortRange: "22",
        sourceAddressPrefix: range,
        destinationAddressPrefix: "*",
        access: "Allow",
        priority: 100 + i,
        direction: "Inbound",
        description: `SSH from ${range} (helperSshSourceRanges)`,
      },
    })),
  };
}

export interface VirtualNetworkBody {
  addressSpace: { addressPrefixes: string[] };
  subnets: { name: string; properties: { addressPrefix: string; networkSecurityGroup: { id: Id } } }[];
}

export function virtualNetworkBody(args: { vnetCidr: string; subnetName: string; subnetCidr: string; nsgId: Id }): VirtualNetworkBody {
  return {
    addressSpace: { addressPrefixes: [args.vnetCidr] },
    subnets: [{ name: args.subnetName, properties: { addressPrefix: args.subnetCidr, networkSecurityGroup: { id: args.nsgId } } }],
  };
}

export interface PublicIpAddressBody {
  publicIPAllocationMethod: "Static" | "Dynamic";
  publicIPAddressVersion: "IPv4";
  idleTimeoutInMinutes: number;
  dnsSettings: { domainNameLabel: string };
}

export function publicIpBody(dnsLabel: string): PublicIpAddressBody {
  // Static, so the helper's address (and the pinned known_hosts entry operators keep) survives reboots.
  return { publicIPAllocationMethod: "Static", publicIPAddressVersion: "IPv4", idleTimeoutInMinutes: 30, dnsSettings: { domainNameLabel: dnsLabel } };
}

export interface NetworkInterfaceBody {
  ipConfigurations: {
    name: string;
    properties: { privateIPAllocationMethod: "Dynamic"; subnet: { id: Id }; publicIPAddress: { id: Id }; primary: boolean };
  }[];
}

export function networkInterfaceBody(args: { subnetId: Id; publicIpId: Id }): NetworkInterfaceBody {
  return {
    ipConfigurations: [
      { name: "ipconfig1", properties: { privateIPAllocationMethod: "Dynamic", subnet: { id: args.subnetId }, publicIPAddress: { id: args.publicIpId }, primary: true } },
    ],
  };
}

export interface VirtualMachineBody {
  hardwareProfile: { vmSize: string };
  storageProfile: {
    imageReference: ImageReference;
    osDisk: { createOption: "FromImage"; caching: "ReadWrite"; managedDisk: { storageAccountType: "Standard_LRS" | "Premium_LRS" }; diskSizeGB: number };
  };
  osProfile: {
    computerName: string;
    adminUsername: string;
    customData: pulumi.Input<string>;
    linuxConfiguration: {
      disablePasswordAuthentication: true;
      ssh: { publicKeys: { path: string; keyData: pulumi.Input<string> }[] };
    };
  };
  networkProfile: { networkInterfaces: { id: Id; properties: { primary: boolean } }[] };
}

export function virtualMachineBody(args: {
  vmSize: string;
  image: ImageReference;
  computerName: string;
  adminUsername: string;
  adminSshPublicKey: pulumi.Input<string>;
  /** base64 cloud-init; carries the host private key, so the caller passes it as a secret. */
  customData: pulumi.Input<string>;
  nicId: Id;
}): VirtualMachineBody {
  return {
    hardwareProfile: { vmSize: args.vmSize },
    storageProfile: {
      imageReference: args.image,
      // 64 GB leaves room for aks-engine releases, logs and generated cluster files.
      osDisk: { createOption: "FromImage", caching: "ReadWrite", managedDisk: { storageAccountType: "Standard_LRS" }, diskSizeGB: 64 },
    },
    osProfile: {
      computerName: args.computerName,
      adminUsername: args.adminUsername,
      customData: args.customData,
      linuxConfiguration: {
        disablePasswordAuthentication: true,
        ssh: { publicKeys: [{ path: `/home/${args.adminUsername}/.ssh/authorized_keys`, keyData: args.adminSshPublicKey }] },
      },
    },
    networkProfile: { networkInterfaces: [{ id: args.nicId, properties: { primary: true } }] },
  };
}
