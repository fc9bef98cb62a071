/**
 * What the `restricted` Pod Security Standard requires of every container of the app's pods
 * (issue 8); the pod-level half (non-root user, seccomp) is set per pod, after what its image
 * allows. None of the app's processes needs a capability: they run as non-root users and listen
 * above port 1024. No pod gets a service account token either: none of them calls the Kubernetes API.
 */
import type * as k8s from "@pulumi/kubernetes";

export const RESTRICTED_CONTAINER: k8s.types.input.core.v1.SecurityContext = { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } };
