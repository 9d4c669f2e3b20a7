// Sidebar calls for the add-on and its connection: one line each over features/connect.
import { connectionView, disconnect, listProjects } from "../features/connect/connect";
import { connectWith, selectProjectWith } from "../features/connect/requests";
import { connectDeps } from "../platform/root.gas";
import { respond } from "../shared/respond";
import type { AddonInfo, ConnectionView, ProjectView, RpcResult } from "../shared/rpc";
import { ADDON_VERSION } from "../shared/version";

export const addonInfo = (): RpcResult<AddonInfo> =>
  respond(() => ({ name: "PostHog for Sheets", version: ADDON_VERSION }));

export const getConnectionHandler = (): RpcResult<ConnectionView | null> =>
  respond(() => connectionView(connectDeps()));

export const connectHandler = (
  input: unknown,
): RpcResult<{ connection: ConnectionView; projects: ProjectView[] }> =>
  respond(() => connectWith(connectDeps(), input));

export const selectProjectHandler = (input: unknown): RpcResult<ConnectionView> =>
  respond(() => selectProjectWith(connectDeps(), input));

export const disconnectHandler = (): RpcResult<null> =>
  respond(() => {
    disconnect(connectDeps());
    return null;
  });

export const listProjectsHandler = (): RpcResult<ProjectView[]> =>
  respond(() => listProjects(connectDeps()));
