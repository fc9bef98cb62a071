/** Value patterns shared by the stamp and global config parsers, with the wording their errors use. */
export const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
export const GUID_RULE = "must be a GUID like 00000000-0000-0000-0000-000000000000";

/** Azure and hub region names: lower-case letters and digits. */
export const REGION = /^[a-z0-9]+$/;

/** Azure resource group names: 1-90 of letters, digits, `_-.()`, not ending in a period. */
export const RESOURCE_GROUP = /^[-\w.()]{0,89}[-\w()]$/;
export const RESOURCE_GROUP_RULE = "use 1-90 letters, digits, _-.() not ending in a period";

/** A fully qualified Pulumi stack name: `<org>/<project>/<stack>`. */
export const STACK_NAME = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
