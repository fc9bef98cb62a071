/**
 * A hub ARM resource at the exact API version the hub accepts, through azure-native's generic
 * `resources.Resource` (its typed resources only speak newer API versions; DESIGN.md section 4).
 * The body is typed by the caller (see helper/armBodies.ts).
 */
import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import type { HubArmKind } from "../helper/armBodies";

export interface HubResourceArgs<Body> {
  readonly resourceGroupName: string;
  readonly resourceName: string;
  readonly location: string;
  readonly properties: pulumi.Input<Body>;
  readonly tags: Record<string, string>;
}

export function hubResource<Body>(name: string, kind: HubArmKind, args: HubResourceArgs<Body>, opts: pulumi.CustomResourceOptions): resources.Resource {
  return new resources.Resource(
    name,
    {
      apiVersion: kind.apiVersion,
      resourceProviderNamespace: kind.namespace,
      resourceType: kind.type,
      parentResourcePath: "",
      resourceGroupName: args.resourceGroupName,
      resourceName: args.resourceName,
      location: args.location,
      properties: args.properties,
      tags: args.tags,
    },
    // Hub resources have fixed ARM names: a replacement must delete the old one first, or the
    // new one would be a PUT onto the old one, immediately followed by deleting it.
    { deleteBeforeReplace: true, ...opts },
  );
}
