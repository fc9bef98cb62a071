/**
 * The global stack (public Azure): Log Analytics and Traffic Manager. Its resources are not
 * built yet; the stack's configuration already parses so the stack can be created.
 */
import type { GlobalConfig } from "../config/types";

export type GlobalOutputs = Record<string, never>;

export function globalStack(_config: GlobalConfig): GlobalOutputs {
  return {};
}
