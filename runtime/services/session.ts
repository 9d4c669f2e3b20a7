// Session: the active and effective user, a per-user opaque key, the script's time zone and the user's locale.

import { createHash } from "node:crypto";
import { SCOPES } from "../kernel-impl.ts";
import type { ServiceEnv } from "./env.ts";

export class GasUser {
  constructor(
    private readonly env: ServiceEnv,
    private readonly email: string,
  ) {}
  getEmail(): string {
    this.env.kernel.call("User", "getEmail");
    return this.email;
  }
  toString(): string {
    return this.email;
  }
}

export function createSession(env: ServiceEnv) {
  const { execution, state } = env;
  const full = execution.authMode === "FULL";
  // Outside FULL, Apps Script gives no identity: getEmail() returns "" (documented for simple triggers and
  // custom functions; assumed for NONE and LIMITED). In FULL the manifest's explicit scopes must include
  // userinfo.email ("Specified permissions are not sufficient to call Session.getActiveUser. Required permissions:
  // https://www.googleapis.com/auth/userinfo.email", quoted in public projects).
  const who = (method: string): GasUser => {
    env.kernel.call("Session", method, full ? { scope: SCOPES.userinfoEmail } : {});
    return new GasUser(env, full ? execution.user : "");
  };
  return {
    getActiveUser: () => who("getActiveUser"),
    getEffectiveUser: () => who("getEffectiveUser"),
    /** Stable per user and script, reveals nothing (a hash here). */
    getTemporaryActiveUserKey(): string {
      env.kernel.call("Session", "getTemporaryActiveUserKey");
      return createHash("sha256")
        .update(`${state.scriptId}\n${execution.user}`)
        .digest("base64url")
        .slice(0, 43);
    },
    getScriptTimeZone(): string {
      env.kernel.call("Session", "getScriptTimeZone");
      return state.timeZone;
    },
    getActiveUserLocale(): string {
      env.kernel.call("Session", "getActiveUserLocale");
      return state.locale;
    },
  };
}
