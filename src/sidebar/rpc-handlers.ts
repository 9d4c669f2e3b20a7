// Server-side handlers for the sidebar's calls: each returns an RpcResult, never throws across the wire.
import type { AddonInfo, RpcResult } from "../shared/rpc";
import { ADDON_VERSION } from "../shared/version";

export function addonInfo(): RpcResult<AddonInfo> {
  return { ok: true, value: { name: "PostHog for Sheets", version: ADDON_VERSION } };
}
