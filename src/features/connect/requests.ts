// The sidebar's connect and project calls, from the page's arguments (any JSON) to the use cases.
import { argsOf } from "../../shared/respond";
import type { ConnectionView, ProjectView } from "../../shared/rpc";
import { type ConnectDeps, connect, selectProject } from "./connect";

/** Checks and saves the typed key for the typed host; anything not a string counts as empty. */
export function connectWith(
  deps: ConnectDeps,
  input: unknown,
): { connection: ConnectionView; projects: ProjectView[] } {
  const { host, apiKey } = argsOf(input);
  return connect(deps, { host: String(host ?? ""), apiKey: String(apiKey ?? "") });
}

/** Keeps the chosen project for this document. */
export function selectProjectWith(deps: ConnectDeps, input: unknown): ConnectionView {
  return selectProject(deps, Number(argsOf(input).projectId));
}
