// The sidebar's view of the server, typed from src/main.ts's real exports: a handler answering another shape, or a
// name one side has and the other lacks, is a compile error in the sidebar (and in its fake in test/browser).
import type * as Main from "../main";
import type { HistoryArgs } from "./history-rpc";
import type { ManageArgs } from "./manage-rpc";
import type { PeopleArgs } from "./people-rpc";
import type { PushArgs } from "./push-rpc";
import type { CoreArgs, RpcResult } from "./rpc";

type Exports = typeof Main;

/** The entry points the sidebar calls: those answering an RpcResult (menu items, triggers and formulas do not). */
export type SidebarCallable = {
  [K in keyof Exports]: Exports[K] extends (...args: never[]) => infer R
    ? [R] extends [RpcResult<unknown>]
      ? K
      : never
    : never;
}[keyof Exports];

/** What each call sends, as the sidebar declares it (src/main.ts takes `unknown` and its handlers check it). */
export type ServerArgs = CoreArgs & PushArgs & ManageArgs & PeopleArgs & HistoryArgs;

/** What the export `K` of src/main.ts answers; `K` must be one the sidebar may call. */
export type ServerResult<K extends SidebarCallable> = ReturnType<Exports[K]>;

/** Every server function the sidebar calls: its arguments as declared, its result as src/main.ts returns it. */
export type ServerFunctions = {
  [K in keyof ServerArgs]: (...args: ServerArgs[K]) => ServerResult<K>;
};
