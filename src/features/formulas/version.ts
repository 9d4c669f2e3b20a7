// =POSTHOG_VERSION(): the add-on's version, the simplest custom function (no service calls at all).
import { ADDON_VERSION } from "../../shared/version";

export function addonVersion(): string {
  return ADDON_VERSION;
}
