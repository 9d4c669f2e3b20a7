// Server-side handlers for the sidebar's calls: each returns an RpcResult and never throws across the wire.
import {
  connect,
  connectionView,
  disconnect,
  listProjects,
  selectProject,
} from "../features/connect/connect";
import { connectDeps } from "../platform/posthog.gas";
import { toFailure } from "../shared/failures";
import type { AddonInfo, ConnectionView, ProjectView, RpcResult } from "../shared/rpc";
import { ADDON_VERSION } from "../shared/version";

/** Runs a use case; any failure becomes a stable code and a message for people (never a stack or a key). */
export function respond<T>(work: () => T): RpcResult<T> {
  try {
    return { ok: true, value: work() };
  } catch (error) {
    return toFailure(error);
  }
}

/** Arguments arrive from the page as any JSON: read them as an object of unknown fields. */
export function argsOf(input: unknown): Record<string, unknown> {
  return typeof input === "object" && input !== null && !Array.isArray(input)
    ? (input as Record<string, unknown>)
    : {};
}

export function addonInfo(): RpcResult<AddonInfo> {
  return respond(() => ({ name: "PostHog for Sheets", version: ADDON_VERSION }));
}

export const getConnectionHandler = (): RpcResult<ConnectionView | null> =>
  respond(() => connectionView(connectDeps()));

export const connectHandler = (
  input: unknown,
): RpcResult<{ connection: ConnectionView; projects: ProjectView[] }> =>
  respond(() => {
    const { host, apiKey } = argsOf(input);
    return connect(connectDeps(), { host: String(host ?? ""), apiKey: String(apiKey ?? "") });
  });

export const selectProjectHandler = (input: unknown): RpcResult<ConnectionView> =>
  respond(() => selectProject(connectDeps(), Number(argsOf(input).projectId)));

export const disconnectHandler = (): RpcResult<null> =>
  respond(() => {
    disconnect(connectDeps());
    return null;
  });

export const listProjectsHandler = (): RpcResult<ProjectView[]> =>
  respond(() => listProjects(connectDeps()));
