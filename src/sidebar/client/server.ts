// A typed promise wrapper over google.script.run: every ServerFunctions entry, one call at a time, failures as RpcFailure.
import type { RpcFailure } from "../../shared/rpc";
import { SERVER_FUNCTION_NAMES } from "../../shared/rpc-names";
import type { ServerFunctions } from "../../shared/server-functions";

interface ScriptRun {
  withSuccessHandler(handler: (value: unknown) => void): ScriptRun;
  withFailureHandler(handler: (error: unknown) => void): ScriptRun;
  [name: string]: unknown;
}

declare const google: { script: { run: ScriptRun } };

type Name = keyof ServerFunctions;
type Result<K extends Name> = ReturnType<ServerFunctions[K]>;

/** The sidebar's view of the server: each function returns a promise of its RpcResult. */
export type Server = {
  [K in Name]: (...args: Parameters<ServerFunctions[K]>) => Promise<Result<K>>;
};

let pending = 0;
let tail: Promise<unknown> = Promise.resolve();
const listeners: ((pending: number) => void)[] = [];

/** Tells `listener` how many calls are queued or running, whenever that changes. */
export function onPendingChange(listener: (pending: number) => void): void {
  listeners.push(listener);
}

function setPending(delta: number): void {
  pending += delta;
  for (const listener of listeners) listener(pending);
}

function messageOf(error: unknown): string {
  if (error && typeof error === "object" && "message" in error) {
    const message = (error as { message: unknown }).message;
    if (typeof message === "string" && message) return message;
  }
  return typeof error === "string" && error ? error : "The add-on failed. Try again.";
}

function isResult(value: unknown): boolean {
  return (
    !!value && typeof value === "object" && typeof (value as { ok?: unknown }).ok === "boolean"
  );
}

function send<K extends Name>(name: K, args: unknown[]): Promise<Result<K>> {
  return new Promise((resolve) => {
    const fail = (error: unknown) => {
      const failure: RpcFailure = { ok: false, code: "server_error", message: messageOf(error) };
      resolve(failure as Result<K>);
    };
    try {
      const runner = google.script.run
        .withSuccessHandler((value) => {
          if (isResult(value)) resolve(value as Result<K>);
          else fail({ message: "The add-on sent an unexpected reply. Try again." });
        })
        .withFailureHandler(fail);
      (runner[name] as (...a: unknown[]) => void)(...args);
    } catch (error) {
      fail(error);
    }
  });
}

/** Queues the call behind the previous one: the sidebar keeps a single call in flight. */
function call<K extends Name>(name: K, args: unknown[]): Promise<Result<K>> {
  // An omitted optional argument stays omitted (google.script.run would send `undefined` as null).
  while (args.length > 0 && args[args.length - 1] === undefined) args = args.slice(0, -1);
  setPending(1);
  const result = tail.then(() => send(name, args));
  tail = result;
  return result.finally(() => setPending(-1));
}

/**
 * A read the sidebar makes on its own (following the active sheet): not queued behind the person's calls and
 * not marking the page busy, so it never greys out a form being filled in.
 */
export function quietly<K extends Name>(
  name: K,
  ...args: Parameters<ServerFunctions[K]>
): Promise<Result<K>> {
  return send(name, args);
}

export const server = Object.fromEntries(
  Object.keys(SERVER_FUNCTION_NAMES).map((name) => [
    name,
    (...args: unknown[]) => call(name as Name, args),
  ]),
) as unknown as Server;
