// The server functions the sidebar calls through google.script.run: one declaration for both sides.

/** What the sidebar shows in its header. Only JSON crosses google.script.run: no Dates, no functions. */
export interface AddonInfo {
  name: string;
  version: string;
}

/** A failure that crossed google.script.run: a stable code the sidebar can branch on, and a message for people. */
export interface RpcFailure {
  ok: false;
  code: string;
  message: string;
}

export type RpcResult<T> = { ok: true; value: T } | RpcFailure;

/** Every server function callable from the sidebar, with its arguments and result. */
export interface ServerFunctions {
  getAddonInfo(): RpcResult<AddonInfo>;
}
