// Logger and console: both write to runtime.logs (Apps Script sends them to the execution log / Cloud Logging).

import { formatWithOptions } from "node:util";
import type { ServiceEnv } from "./env.ts";
import { sprintf } from "./utilities.ts";

/** How Logger.log prints one value: objects as JSON, the rest as strings (V8 runtime behaviour, inferred). */
function show(value: unknown): string {
  if (value !== null && typeof value === "object") {
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}

export function createLogger(env: ServiceEnv) {
  const lines: string[] = [];
  const logger = {
    /** Logger.log(data) or Logger.log(format, ...values) with %s-style placeholders. */
    log(data: unknown, ...values: unknown[]) {
      env.kernel.call("Logger", "log");
      const text = values.length > 0 ? sprintf(String(data), values) : show(data);
      lines.push(text);
      env.state.logs.push(text);
      return logger;
    },
    getLog(): string {
      env.kernel.call("Logger", "getLog");
      return lines.map((line) => `${line}\n`).join("");
    },
    clear(): void {
      env.kernel.call("Logger", "clear");
      lines.length = 0;
    },
  };
  return logger;
}

export function createConsole(env: ServiceEnv) {
  const write =
    (method: string) =>
    (...args: unknown[]) => {
      env.kernel.call("console", method);
      env.state.logs.push(
        formatWithOptions({ depth: 4, breakLength: Number.POSITIVE_INFINITY }, ...args),
      );
    };
  const timers = new Map<string, number>();
  return {
    log: write("log"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    debug: write("debug"),
    time(label: unknown = "default") {
      env.kernel.call("console", "time");
      timers.set(String(label), env.state.clock.now());
    },
    timeEnd(label: unknown = "default") {
      env.kernel.call("console", "timeEnd");
      const started = timers.get(String(label));
      if (started === undefined) return;
      timers.delete(String(label));
      env.state.logs.push(`${String(label)}: ${env.state.clock.now() - started}ms`);
    },
  };
}
