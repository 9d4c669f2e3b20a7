// A typed promise wrapper over google.script.run: JSON in, RpcResult out, failures as RpcFailure.
import type { RpcFailure, RpcResult, ServerFunctions } from "../../shared/rpc";

interface ScriptRun {
  withSuccessHandler(handler: (value: unknown) => void): ScriptRun;
  withFailureHandler(handler: (error: { message?: string }) => void): ScriptRun;
  [name: string]: unknown;
}

declare const google: { script: { run: ScriptRun } };

type Callable = {
  [K in keyof ServerFunctions]: ServerFunctions[K] extends (...args: infer A) => infer R
    ? (...args: A) => Promise<R>
    : never;
};

function call<K extends keyof ServerFunctions>(
  name: K,
  args: unknown[],
): Promise<ReturnType<ServerFunctions[K]>> {
  return new Promise((resolve) => {
    const runner = google.script.run
      .withSuccessHandler((value) => resolve(value as ReturnType<ServerFunctions[K]>))
      .withFailureHandler((error) => {
        const failure: RpcFailure = {
          ok: false,
          code: "server_error",
          message: error.message ?? "The add-on failed.",
        };
        resolve(failure as ReturnType<ServerFunctions[K]>);
      });
    (runner[name] as (...a: unknown[]) => void)(...args);
  });
}

export const server: Callable = {
  getAddonInfo: () => call("getAddonInfo", []),
};

export type { RpcResult };
