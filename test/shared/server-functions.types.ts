// Compile-time checks of the RPC contract (tsc -p tsconfig.node.json, part of `npm test`): each @ts-expect-error
// line stops compiling, and so fails the type-check, if ServerFunctions stops tracking src/main.ts.
import type * as Main from "../../src/main.ts";
import type { SERVER_FUNCTION_NAMES } from "../../src/shared/rpc-names.ts";
import type {
  ServerArgs,
  ServerFunctions,
  ServerResult,
  SidebarCallable,
} from "../../src/shared/server-functions.ts";

/** True when A and B are the same type (not merely assignable one way). */
type Same<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

// Results are main.ts's own: the export's return type, exactly.
true satisfies Same<ServerResult<"connect">, ReturnType<typeof Main.connect>>;
true satisfies Same<ReturnType<ServerFunctions["startPush"]>, ReturnType<typeof Main.startPush>>;
({ ok: true, value: { name: "PostHog", version: "0.1.0" } }) satisfies ServerResult<"getAddonInfo">;
// @ts-expect-error: getAddonInfo answers { name, version }; another shape does not type-check
({ ok: true, value: { count: 1 } }) satisfies ServerResult<"getAddonInfo">;

// The names, both ways: the list, the argument declarations and main.ts's sidebar calls are one set.
true satisfies Same<keyof typeof SERVER_FUNCTION_NAMES, SidebarCallable>;
true satisfies Same<keyof ServerArgs, SidebarCallable>;
true satisfies Same<keyof ServerFunctions, SidebarCallable>;
"connect" satisfies SidebarCallable;
// @ts-expect-error: a menu item answers nothing, so it is no sidebar call
"showSidebar" satisfies SidebarCallable;
// @ts-expect-error: a custom function is no sidebar call
"POSTHOG_GROUP" satisfies SidebarCallable;
// @ts-expect-error: main.ts exports no such function
"notExported" satisfies SidebarCallable;
// @ts-expect-error: ServerResult only takes the sidebar's calls
type MenuResult = ServerResult<"onOpen">;

export type { MenuResult };
