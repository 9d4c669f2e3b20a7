// Authorisation modes, the manifest's explicit scopes, authorisation state and the execution time limit.

import { describe, expect, it } from "vitest";
import { makeRuntime, manifestWith } from "./helpers.ts";

const CURRENTONLY = "https://www.googleapis.com/auth/spreadsheets.currentonly";
const SPREADSHEETS = "https://www.googleapis.com/auth/spreadsheets";
const EXTERNAL = "https://www.googleapis.com/auth/script.external_request";

const ADDON = `
function onOpen(e) {
  SpreadsheetApp.getUi().createAddonMenu().addItem("Open", "openSidebar").addSeparator().addToUi();
  Logger.log("opened in %s", e.authMode);
  return Utilities.base64Encode("ok");
}
function call(code) { return eval(code); }
`;

describe("AuthMode.NONE", () => {
  it("allows building the add-on menu, Logger and Utilities", () => {
    const rt = makeRuntime({ "a.js": ADDON });
    expect(rt.run("onOpen", [{ authMode: "NONE" }], { authMode: "NONE" })).toBe("b2s=");
    expect(rt.ui.menus).toHaveLength(1);
    expect(rt.ui.menus[0]).toMatchObject({
      kind: "addon",
      authMode: "NONE",
      items: [
        { type: "item", caption: "Open", functionName: "openSidebar" },
        { type: "separator" },
      ],
    });
    expect(rt.logs).toEqual(["opened in NONE"]);
  });

  it.each([
    [
      "PropertiesService.getUserProperties()",
      "You do not have permission to call PropertiesService.getUserProperties",
    ],
    [
      "CacheService.getScriptCache()",
      "You do not have permission to call CacheService.getScriptCache",
    ],
    ["LockService.getScriptLock()", "You do not have permission to call LockService.getScriptLock"],
    [
      "SpreadsheetApp.getActiveSpreadsheet()",
      `You do not have permission to call SpreadsheetApp.getActiveSpreadsheet. Required permissions: (${CURRENTONLY} || ${SPREADSHEETS})`,
    ],
    [
      "UrlFetchApp.fetch('https://us.posthog.com/')",
      `You do not have permission to call UrlFetchApp.fetch. Required permissions: ${EXTERNAL}`,
    ],
    [
      "HtmlService.createHtmlOutput('x')",
      "You do not have permission to call HtmlService.createHtmlOutput",
    ],
    ["ScriptApp.getScriptId()", "You do not have permission to call ScriptApp.getScriptId"],
  ])("refuses %s", (code, message) => {
    const rt = makeRuntime({ "a.js": ADDON });
    expect(() => rt.run("call", [code], { authMode: "NONE" })).toThrow(message);
  });

  it("gives no identity", () => {
    const rt = makeRuntime({ "a.js": ADDON });
    expect(rt.run("call", ["Session.getActiveUser().getEmail()"], { authMode: "NONE" })).toBe("");
  });

  it("runs every file's top-level code in the execution's mode, so a service call there breaks onOpen", () => {
    const rt = makeRuntime({
      "a.js": ADDON,
      "b.js": "var SETTINGS = PropertiesService.getScriptProperties();",
    });
    expect(() => rt.run("onOpen", [{ authMode: "NONE" }], { authMode: "NONE" })).toThrow(
      "You do not have permission to call PropertiesService.getScriptProperties",
    );
    expect(rt.ui.menus).toHaveLength(0);
    expect(rt.run("onOpen", [{ authMode: "LIMITED" }], { authMode: "LIMITED" })).toBe("b2s=");
  });
});

describe("AuthMode.LIMITED", () => {
  it("allows the document, properties and menus", () => {
    const rt = makeRuntime({ "a.js": ADDON });
    const code = `PropertiesService.getDocumentProperties().setProperty("k", "v");
      SpreadsheetApp.getUi().createMenu("PostHog").addItem("x", "y").addToUi();
      SpreadsheetApp.getActiveSpreadsheet().getName()`;
    expect(rt.run("call", [code], { authMode: "LIMITED" })).toBe("Doc");
    expect(rt.properties.document("doc-1").get("k")).toBe("v");
  });

  it.each([
    [
      "UrlFetchApp.fetch('https://us.posthog.com/')",
      `You do not have permission to call UrlFetchApp.fetch. Required permissions: ${EXTERNAL}`,
    ],
    [
      "SpreadsheetApp.getUi().showSidebar(HtmlService.createHtmlOutput('x'))",
      "You do not have permission to call Ui.showSidebar",
    ],
    ["SpreadsheetApp.getUi().alert('hi')", "You do not have permission to call Ui.alert"],
    ["ScriptApp.newTrigger('f')", "You do not have permission to call ScriptApp.newTrigger"],
  ])("refuses %s", (code, message) => {
    const rt = makeRuntime({ "a.js": ADDON });
    expect(() => rt.run("call", [code], { authMode: "LIMITED" })).toThrow(message);
  });

  it("gives no identity", () => {
    const rt = makeRuntime({ "a.js": ADDON });
    expect(rt.run("call", ["Session.getActiveUser().getEmail()"], { authMode: "LIMITED" })).toBe(
      "",
    );
  });
});

describe("AuthMode.CUSTOM_FUNCTION", () => {
  const FILES = {
    "a.js": `
/** @customfunction */
function POSTHOG_READ() {
  return SpreadsheetApp.getActiveSpreadsheet().getSheets()[0].getRange("A1").getValue();
}
function POSTHOG_WRITE() { SpreadsheetApp.getActiveSpreadsheet().getSheets()[0].getRange("A1").setValue(1); }
function POSTHOG_KEY() { return PropertiesService.getUserProperties().getProperty("key"); }
function POSTHOG_SETKEY() { PropertiesService.getUserProperties().setProperty("key", "mine"); return "set"; }
function POSTHOG_UI() { return SpreadsheetApp.getUi(); }
function POSTHOG_WHO() { return Session.getActiveUser().getEmail(); }
function POSTHOG_CACHE() { CacheService.getDocumentCache().put("k", "v"); return LockService.getDocumentLock().tryLock(10); }
function POSTHOG_SLEEP(ms) { Utilities.sleep(ms); return "woke"; }
function private_() { return 1; }
`,
  };

  it("reads the document but refuses writes with the real text", () => {
    const rt = makeRuntime(FILES);
    expect(rt.runCustomFunction("posthog_read", [])).toBe("");
    expect(() => rt.runCustomFunction("POSTHOG_WRITE", [])).toThrow(
      /^You do not have permission to call setValue$/,
    );
  });

  it("sees the owner's user properties, not the caller's, and may not write them as an editor", () => {
    const rt = makeRuntime(FILES);
    rt.properties.user("owner@example.com").set("key", "owner-key");
    rt.properties.user("editor@example.com").set("key", "editor-key");
    expect(rt.runCustomFunction("POSTHOG_KEY", [], { user: "editor@example.com" })).toBe(
      "owner-key",
    );
    expect(() =>
      rt.runCustomFunction("POSTHOG_SETKEY", [], { user: "editor@example.com" }),
    ).toThrow("You do not have permission to call setProperty");
    expect(rt.runCustomFunction("POSTHOG_SETKEY", [], { user: "owner@example.com" })).toBe("set");
    expect(rt.properties.user("owner@example.com").get("key")).toBe("mine");
  });

  it("has no UI and no identity, but Cache and Lock", () => {
    const rt = makeRuntime(FILES);
    expect(() => rt.runCustomFunction("POSTHOG_UI", [])).toThrow(
      "Cannot call SpreadsheetApp.getUi() from this context.",
    );
    expect(rt.runCustomFunction("POSTHOG_WHO", [])).toBe("");
    expect(rt.runCustomFunction("POSTHOG_CACHE", [])).toBe(true);
  });

  it("stops after 30 s and never calls private names", () => {
    const rt = makeRuntime(FILES, { sleep: "virtual" });
    expect(() => rt.runCustomFunction("POSTHOG_SLEEP", [31_000])).toThrow(
      "Exceeded maximum execution time",
    );
    expect(rt.run("POSTHOG_SLEEP", [31_000])).toBe("woke");
    expect(() => rt.runCustomFunction("private_", [])).toThrow(/Unknown function/);
  });
});

describe("explicit oauthScopes", () => {
  const FILES = { "a.js": "function call(code) { return eval(code); }" };
  const without = (scope: string) =>
    manifestWith({
      oauthScopes: (manifestWith().oauthScopes as string[]).filter((s) => s !== scope),
    });

  it.each([
    [EXTERNAL, "UrlFetchApp.fetch('https://us.posthog.com/')", "UrlFetchApp.fetch"],
    [
      "https://www.googleapis.com/auth/script.container.ui",
      "SpreadsheetApp.getUi().showSidebar(HtmlService.createHtmlOutput('x'))",
      "Ui.showSidebar",
    ],
    [
      "https://www.googleapis.com/auth/script.container.ui",
      "SpreadsheetApp.getUi().alert('x')",
      "Ui.alert",
    ],
    [
      "https://www.googleapis.com/auth/script.scriptapp",
      "ScriptApp.newTrigger('f')",
      "ScriptApp.newTrigger",
    ],
    [
      "https://www.googleapis.com/auth/script.scriptapp",
      "ScriptApp.getProjectTriggers()",
      "ScriptApp.getProjectTriggers",
    ],
    [
      "https://www.googleapis.com/auth/userinfo.email",
      "Session.getActiveUser()",
      "Session.getActiveUser",
    ],
  ])("without %s refuses %s", (scope, code, call) => {
    const rt = makeRuntime(FILES, { manifest: without(scope) });
    expect(() => rt.run("call", [code])).toThrow(
      `Specified permissions are not sufficient to call ${call}. Required permissions: ${scope}`,
    );
    expect(rt.http).toEqual([]);
  });

  it("needs spreadsheets.currentonly or spreadsheets for the document", () => {
    const rt = makeRuntime(FILES, { manifest: without(CURRENTONLY) });
    expect(() => rt.run("call", ["SpreadsheetApp.getActiveSpreadsheet()"])).toThrow(
      `Specified permissions are not sufficient to call SpreadsheetApp.getActiveSpreadsheet. Required permissions: (${CURRENTONLY} || ${SPREADSHEETS})`,
    );
    const broad = makeRuntime(FILES, {
      manifest: manifestWith({ oauthScopes: [SPREADSHEETS] }),
    });
    expect(broad.run("call", ["SpreadsheetApp.getActiveSpreadsheet().getName()"])).toBe("Doc");
  });

  it("grants everything when the manifest lists no scopes", () => {
    const rt = makeRuntime(FILES, { manifest: {} });
    expect(rt.run("call", ["ScriptApp.getProjectTriggers().length"])).toBe(0);
    expect(rt.run("call", ["Session.getActiveUser().getEmail()"])).toBe("owner@example.com");
  });
});

describe("authorisation", () => {
  it("fails FULL-mode calls needing authorisation until the user authorises", () => {
    const rt = makeRuntime({
      "a.js": `function status() { return ScriptApp.getAuthorizationInfo(ScriptApp.AuthMode.FULL).getAuthorizationStatus(); }
        function props() { return PropertiesService.getUserProperties().getKeys(); }`,
    });
    rt.setAuthorized("owner@example.com", false);
    expect(rt.run("status")).toBe("REQUIRED");
    expect(() => rt.run("props")).toThrow("Authorization is required to perform that action.");
    rt.setAuthorized("owner@example.com", true);
    expect(rt.run("status")).toBe("NOT_REQUIRED");
    expect(rt.run("props")).toEqual([]);
  });
});

describe("the execution time limit", () => {
  it("throws once 6 minutes of virtual sleep have passed, and the context's clock moved", () => {
    const rt = makeRuntime(
      {
        "a.js": `var log = [];
          function work() {
            var start = Date.now();
            try { for (var i = 0; i < 10; i++) { Utilities.sleep(60000); log.push(Math.round((Date.now() - start) / 60000)); } }
            catch (e) { return [String(e), log, new Date().getTime() - start >= 360000]; }
          }`,
      },
      { sleep: "virtual" },
    );
    const t0 = Date.now();
    expect(rt.run("work")).toEqual([
      "Exception: Exceeded maximum execution time",
      [1, 2, 3, 4, 5],
      true,
    ]);
    // The 6 minutes passed on the virtual clock only (a real sleep would have taken all 360 s here).
    expect(Date.now() - t0).toBeLessThan(360_000);
  });

  it("stops a CPU loop with the same error", () => {
    const rt = makeRuntime(
      { "a.js": "function spin() { while (true) {} }" },
      { executionLimitMs: 100 },
    );
    expect(() => rt.run("spin")).toThrow("Exceeded maximum execution time");
  });

  it("respects a shorter configured limit for service calls", () => {
    const rt = makeRuntime(
      { "a.js": "function f() { Utilities.sleep(2000); return Utilities.getUuid(); }" },
      { sleep: "virtual", executionLimitMs: 1_000 },
    );
    expect(() => rt.run("f")).toThrow("Exceeded maximum execution time");
  });
});

describe("call counting", () => {
  it("counts every service call by Service.method across executions", () => {
    const rt = makeRuntime({
      "a.js": `function f() {
        var p = PropertiesService.getUserProperties();
        p.setProperty("a", "1"); p.getProperty("a"); p.getProperty("b");
        CacheService.getScriptCache().get("x");
        Utilities.sleep(1);
      }`,
    });
    rt.run("f");
    rt.run("f");
    expect(rt.counts()).toEqual({
      "Cache.get": 2,
      "CacheService.getScriptCache": 2,
      "Properties.getProperty": 4,
      "Properties.setProperty": 2,
      "PropertiesService.getUserProperties": 2,
      "Utilities.sleep": 2,
    });
    rt.resetCounts();
    expect(rt.counts()).toEqual({});
  });
});
