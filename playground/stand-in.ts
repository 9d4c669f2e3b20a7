// The in-page google.script.run stand-in, as plain JavaScript text (page scripts must not carry bundler helpers).

/** Settings baked into the page's stand-in. */
export interface StandInConfig {
  /** Calls in flight at once; more wait in a queue (Apps Script: 10). */
  maxConcurrent: number;
  /** When given, only these names exist on google.script.run (others are undefined, as in Apps Script). */
  functions: string[] | null;
}

/** Node-side bindings the stand-in calls (installed with context.exposeFunction). */
export const BINDINGS = {
  call: "__gasStandInCall",
  report: "__gasStandInReport",
} as const;

/**
 * The script installed before the page's own: window.google.script.run and google.script.host.
 * Rules (apps-script.md §1): arguments must be JSON-safe (a Date, function, symbol, DOM node or cycle anywhere
 * fails the call through the failure handler), `undefined` in arrays becomes null, a <form> is allowed only as
 * the sole argument, names ending in "_" do not exist, and at most `maxConcurrent` calls run at once.
 */
export function standInScript(config: StandInConfig): string {
  return `(() => {
  const config = ${JSON.stringify(config)};
  const bindings = ${JSON.stringify(BINDINGS)};
  const report = (kind, text) => { try { window[bindings.report](kind, text); } catch (e) {} };
  let active = 0;
  const waiting = [];
  const pump = () => {
    while (active < config.maxConcurrent && waiting.length > 0) {
      active += 1;
      waiting.shift()();
    }
  };
  const tag = (v) => Object.prototype.toString.call(v);
  const illegalIn = (value, key, seen) => {
    const type = typeof value;
    if (type === "function" || type === "symbol" || type === "bigint") return key;
    if (value === null || type !== "object") return null;
    if (tag(value) === "[object Date]") return key;
    if (typeof Node !== "undefined" && value instanceof Node) return key;
    if (seen.has(value)) return key;
    seen.add(value);
    const keys = Array.isArray(value) ? value.map((_, i) => String(i)) : Object.keys(value);
    for (const k of keys) {
      const found = illegalIn(value[k], k, seen);
      if (found !== null) return found;
    }
    seen.delete(value);
    return null;
  };
  const formToObject = (form) => {
    const out = {};
    for (const [name, value] of new FormData(form).entries()) {
      const text = typeof value === "string" ? value : value.name;
      if (name in out) out[name] = [].concat(out[name], text);
      else out[name] = text;
    }
    return out;
  };
  const invoke = (name, args, state) => {
    const fail = (error) => setTimeout(() => {
      if (state.failure) state.failure(error, state.userObject);
      else throw error;
    }, 0);
    if (args.length === 1 && args[0] instanceof HTMLFormElement) args = [formToObject(args[0])];
    const bad = illegalIn(args, "", new Set());
    if (bad !== null) {
      report("problem", "illegal argument to " + name + " in property: " + bad);
      const error = new Error("Failed due to illegal value in property: " + bad);
      error.name = "ScriptError";
      fail(error);
      return;
    }
    const wire = JSON.stringify(args);
    waiting.push(() => {
      window[bindings.call](name, wire).then(
        (reply) => {
          active -= 1;
          pump();
          const result = JSON.parse(reply);
          if (result.ok) {
            setTimeout(() => state.success && state.success(result.value, state.userObject), 0);
          } else {
            const error = new Error(result.message);
            error.name = "ScriptError";
            fail(error);
          }
        },
        (error) => {
          active -= 1;
          pump();
          fail(new Error(String((error && error.message) || error)));
        },
      );
    });
    pump();
  };
  const runner = (state) => new Proxy({}, {
    get(_, prop) {
      if (typeof prop !== "string") return undefined;
      if (prop === "withSuccessHandler") return (fn) => runner({ ...state, success: fn });
      if (prop === "withFailureHandler") return (fn) => runner({ ...state, failure: fn });
      if (prop === "withUserObject") return (object) => runner({ ...state, userObject: object });
      if (prop === "then" || prop === "toJSON") return undefined;
      if (prop.endsWith("_")) {
        report("problem", "refused private function " + prop);
        return undefined;
      }
      if (config.functions && !config.functions.includes(prop)) {
        report("problem", "unknown server function " + prop);
        return undefined;
      }
      return (...args) => { invoke(prop, args, state); };
    },
  });
  const host = {
    close: () => report("host", "close"),
    setHeight: () => {},
    setWidth: () => {},
    editor: { focus: () => report("host", "editor.focus") },
    origin: location.origin,
  };
  window.google = { script: { run: runner({}), host } };
})();`;
}
