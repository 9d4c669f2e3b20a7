// The daily quotas (UrlFetch calls, trigger runtime) and the cap on simultaneous executions, with Google's texts.

import { describe, expect, it } from "vitest";
import { DAILY_QUOTAS, DAY_MS } from "../../runtime/quotas.ts";
import { makeRuntime, manifestWith, useFixtureServer } from "./helpers.ts";

const fixture = useFixtureServer();

const FILES = {
  "a.js": `function call(code) { return eval(code); }
function get(url) { return UrlFetchApp.fetch(url).getResponseCode(); }
function getAll(url, n) { var r = []; for (var i = 0; i < n; i++) r.push(url); return UrlFetchApp.fetchAll(r).length; }
function hourly() { ScriptApp.newTrigger("work").timeBased().everyHours(1).create(); }
function work() { for (var i = 0; i < 4; i++) Utilities.sleep(5 * 60 * 1000); UrlFetchApp.fetch(URL_); }
function nested() { return "inner"; }`,
};

const runtime = (options: Parameters<typeof makeRuntime>[1] = {}) => {
  const rt = makeRuntime(
    { ...FILES, "b.js": `var URL_ = ${JSON.stringify(`${fixture().origin}/emoji`)};` },
    {
      manifest: manifestWith({ urlFetchWhitelist: [`${fixture().origin}/`] }),
      sleep: "virtual",
      ...options,
    },
  );
  return rt;
};

const USER = "owner@example.com";

describe("UrlFetch calls a day", () => {
  it("counts each request (fetchAll's one by one) and refuses the 20,001st of a consumer's day", () => {
    const rt = runtime();
    rt.run("get", [`${fixture().origin}/emoji`]);
    rt.run("getAll", [`${fixture().origin}/emoji`, 3]);
    expect(rt.quotas.use(USER).urlFetch).toBe(4);
    rt.quotas.spendUrlFetch(USER, DAILY_QUOTAS.consumer.urlFetch - 5);
    expect(rt.run("get", [`${fixture().origin}/emoji`])).toBe(200);
    expect(() => rt.run("get", [`${fixture().origin}/emoji`])).toThrow(
      "Service invoked too many times for one day: urlfetch.",
    );
    // A batch that would pass the quota is refused whole.
    expect(() => rt.run("getAll", [`${fixture().origin}/emoji`, 2])).toThrow("urlfetch");
    // The quota resets 24 hours after the day's first request.
    rt.advanceClock(DAY_MS);
    expect(rt.run("get", [`${fixture().origin}/emoji`])).toBe(200);
    expect(rt.quotas.use(USER).urlFetch).toBe(1);
  });

  it("gives a Workspace account 100,000", () => {
    const rt = runtime({ account: "workspace" });
    rt.quotas.spendUrlFetch(USER, 99_999);
    expect(rt.run("get", [`${fixture().origin}/emoji`])).toBe(200);
    expect(() => rt.run("get", [`${fixture().origin}/emoji`])).toThrow("urlfetch");
  });

  it("is per user", () => {
    const rt = runtime();
    rt.quotas.spendUrlFetch(USER, DAILY_QUOTAS.consumer.urlFetch);
    expect(() => rt.run("get", [`${fixture().origin}/emoji`])).toThrow("urlfetch");
    expect(rt.run("get", [`${fixture().origin}/emoji`], { user: "editor@example.com" })).toBe(200);
  });
});

describe("Trigger runtime a day", () => {
  it("adds up trigger executions and stops them at 90 minutes for a consumer account", () => {
    const rt = runtime({ executionLimitMs: 30 * 60_000 });
    rt.run("hourly");
    const outcomes: Array<string | undefined> = [];
    for (let hour = 0; hour < 6; hour++) {
      rt.advanceClock(3_600_000);
      const [run] = rt.fireTimeTriggers();
      outcomes.push(run?.error?.message);
    }
    // 20 minutes each: four runs fit in 90 minutes (80), the fifth is cut at 90, the sixth does not start.
    expect(outcomes.slice(0, 4)).toEqual([undefined, undefined, undefined, undefined]);
    expect(outcomes[4]).toBe("Service using too much computer time for one day");
    expect(outcomes[5]).toBe("Service using too much computer time for one day");
    expect(rt.quotas.use(USER).triggerMs).toBeGreaterThanOrEqual(90 * 60_000);
    expect(rt.quotas.use(USER).triggerMs).toBeLessThan(91 * 60_000);
    // Menu and sidebar executions do not spend the trigger quota.
    expect(rt.run("nested")).toBe("inner");
  });

  it("gives a Workspace account 6 hours", () => {
    const rt = runtime({ account: "workspace", executionLimitMs: 30 * 60_000 });
    rt.run("hourly");
    for (let hour = 0; hour < 6; hour++) {
      rt.advanceClock(3_600_000);
      expect(rt.fireTimeTriggers()[0]?.error).toBeUndefined();
    }
    expect(rt.quotas.use(USER).triggerMs).toBeGreaterThanOrEqual(120 * 60_000);
  });
});

describe("Simultaneous executions", () => {
  it("refuses a 31st execution of one user, not another user's", () => {
    const rt = runtime();
    const release = rt.quotas.hold(USER, 29);
    expect(rt.run("nested")).toBe("inner");
    const more = rt.quotas.hold(USER, 1);
    expect(() => rt.run("nested")).toThrow(
      "There are too many scripts running simultaneously for this Google user account.",
    );
    expect(rt.run("nested", [], { user: "editor@example.com" })).toBe("inner");
    more();
    release();
    expect(rt.run("nested")).toBe("inner");
  });
});
