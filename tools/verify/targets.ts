/**
 * What verify needs from a stack's outputs, read by their contract names (StampOutputs,
 * GlobalOutputs: the compiler checks the names). A missing output the checks cannot do without is
 * an input error naming the stack and the output.
 */
import type { EndpointReport, GlobalOutputs } from "../../stacks/global";
import type { StampOutputs } from "../../stacks/stamp";
import { InputError } from "../plan/cli";
import { isNumber, isString, requireOutput, type StackOutputs } from "../ops/stackOutputs";
import type { GlobalTarget } from "./global";
import type { StampTarget } from "./stamp";
import { parseProfileId } from "./trafficManager";

const stampOutput = (name: keyof StampOutputs) => name;
const globalOutput = (name: keyof GlobalOutputs) => name;

export function stampTarget(outputs: StackOutputs, stack: string): StampTarget {
  const appUrl = outputs[stampOutput("appUrl")]?.value;
  return {
    kubeconfig: requireOutput(outputs, stack, stampOutput("kubeconfig"), isString, "a string"),
    nodeCount: requireOutput(outputs, stack, stampOutput("nodeCount"), isNumber, "a number"),
    appNamespace: requireOutput(outputs, stack, stampOutput("appNamespace"), isString, "a string"),
    // Absent until the hub gives the ingress controller an address: a failed check, not an input error.
    appUrl: isString(appUrl) && appUrl !== "" ? appUrl : undefined,
  };
}

const isEndpointReports = (value: unknown): value is EndpointReport[] =>
  Array.isArray(value) && value.every((r) => typeof r === "object" && r !== null && isString(r.stamp) && isString(r.stack) && isString(r.status));

export function globalTarget(outputs: StackOutputs, stack: string): GlobalTarget {
  const name = globalOutput("trafficManagerProfileId");
  const id = requireOutput(outputs, stack, name, isString, "a string");
  const profile = parseProfileId(id);
  if (!profile) {
    throw new InputError(`stack ${stack}: output ${name} is not a Traffic Manager profile id (/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/trafficManagerProfiles/<name>): ${JSON.stringify(id)}`);
  }
  return {
    profile,
    appUrl: requireOutput(outputs, stack, globalOutput("appUrl"), isString, "a string"),
    endpoints: requireOutput(outputs, stack, globalOutput("endpoints"), isEndpointReports, "a list of endpoint reports"),
  };
}
