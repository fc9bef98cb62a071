/**
 * The explicit azure-native provider for one Azure Stack Hub (never the default provider).
 * Operator notes that are not provider arguments (ARM_SKIP_READ_ON_UPDATE, SSL_CERT_FILE)
 * are in the README.
 */
import { Provider } from "@pulumi/azure-native/provider";
import * as pulumi from "@pulumi/pulumi";
import type { HubConfig } from "../config/types";

export function hubProvider(name: string, hub: HubConfig<pulumi.Output<string>>, opts?: pulumi.CustomResourceOptions): Provider {
  const credentials =
    hub.auth.method === "client_secret"
      ? { clientSecret: hub.auth.clientSecret }
      : { clientCertificatePath: hub.auth.certificatePath, clientCertificatePassword: hub.auth.certificatePassword };
  return new Provider(
    name,
    {
      // The provider reads the hub's endpoints from <metadataHost>/metadata/endpoints.
      metadataHost: hub.metadataHost,
      // Explicit, or the provider looks the location up with an API version the hub rejects.
      location: hub.location,
      subscriptionId: hub.subscriptionId,
      tenantId: hub.tenantId,
      clientId: hub.clientId,
      disableInstanceDiscovery: hub.disableInstanceDiscovery,
      ...credentials,
    },
    opts,
  );
}
