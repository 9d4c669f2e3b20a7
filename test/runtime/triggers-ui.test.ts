// ScriptApp triggers under the add-on rules, and the recorded Ui: menus, sidebar, dialogs, scripted alert answers.

import { describe, expect, it } from "vitest";
import { makeRuntime, manifestWith } from "./helpers.ts";

const FILES = {
  "a.js": `function call(code) { return eval(code); }
function sync(e) { PropertiesService.getUserProperties().setProperty("synced", String(e.triggerUid)); Logger.log(Session.getActiveUser().getEmail()); }
function broken() { throw new Error("sync failed"); }`,
};

describe("ScriptApp triggers", () => {
  it("creates an hourly time-driven trigger and fires it as its creator when due", () => {
    const rt = makeRuntime(FILES);
    const id = rt.run(
      "call",
      ['ScriptApp.newTrigger("sync").timeBased().everyHours(1).create().getUniqueId()'],
      {
        user: "editor@example.com",
      },
    );
    expect(rt.triggers).toHaveLength(1);
    expect(rt.triggers[0]).toMatchObject({
      handlerFunction: "sync",
      eventType: "CLOCK",
      triggerSource: "CLOCK",
      user: "editor@example.com",
      documentId: "doc-1",
    });
    expect(rt.fireTimeTriggers()).toEqual([]);
    rt.advanceClock(3_600_000);
    const runs = rt.fireTimeTriggers();
    expect(runs).toHaveLength(1);
    expect(runs[0]?.error).toBeUndefined();
    expect(rt.properties.user("editor@example.com").get("synced")).toBe(id);
    expect(rt.logs).toEqual(["editor@example.com"]);
    expect(rt.fireTimeTriggers()).toEqual([]);
    rt.advanceClock(3_600_000);
    expect(rt.fireTimeTriggers()).toHaveLength(1);
  });

  it("refuses everyMinutes for an add-on", () => {
    const rt = makeRuntime(FILES);
    expect(() =>
      rt.run("call", ['ScriptApp.newTrigger("sync").timeBased().everyMinutes(5).create()']),
    ).toThrow("at most once per hour");
    expect(() =>
      rt.run("call", ['ScriptApp.newTrigger("sync").timeBased().everyHours(3)']),
    ).toThrow("Invalid argument: 3");
    expect(rt.triggers).toHaveLength(0);
  });

  it("allows one trigger per event type per user per document", () => {
    const rt = makeRuntime(FILES);
    rt.addDocument({ id: "doc-2", owner: "owner@example.com" });
    const hourly = 'ScriptApp.newTrigger("sync").timeBased().everyHours(1).create()';
    rt.run("call", [hourly]);
    expect(() => rt.run("call", [hourly])).toThrow(
      "This add-on has created too many time-based triggers in this document for this Google user account.",
    );
    rt.run("call", [hourly], { documentId: "doc-2" });
    rt.run("call", [hourly], { user: "other@example.com" });
    rt.run("call", [
      'ScriptApp.newTrigger("sync").forSpreadsheet(SpreadsheetApp.getActive()).onEdit().create()',
    ]);
    expect(rt.triggers.map((t) => [t.user, t.documentId, t.eventType])).toEqual([
      ["owner@example.com", "doc-1", "CLOCK"],
      ["owner@example.com", "doc-2", "CLOCK"],
      ["other@example.com", "doc-1", "CLOCK"],
      ["owner@example.com", "doc-1", "ON_EDIT"],
    ]);
  });

  it("caps a user at 20 triggers", () => {
    const rt = makeRuntime(FILES);
    for (let i = 0; i < 20; i++) {
      rt.addDocument({ id: `d${i}`, owner: "owner@example.com" });
      rt.run("call", ['ScriptApp.newTrigger("sync").timeBased().everyDays(1).atHour(3).create()'], {
        documentId: `d${i}`,
      });
    }
    expect(() =>
      rt.run("call", ['ScriptApp.newTrigger("sync").timeBased().everyHours(1).create()']),
    ).toThrow(
      "This script has too many triggers. Triggers must be deleted from the script before more can be added.",
    );
  });

  it("lists and deletes only the current user's triggers", () => {
    const rt = makeRuntime(FILES);
    rt.run("call", ['ScriptApp.newTrigger("sync").timeBased().everyHours(1).create()'], {
      user: "a@example.com",
    });
    rt.run("call", ['ScriptApp.newTrigger("sync").timeBased().everyHours(1).create()'], {
      user: "b@example.com",
    });
    const listed = rt.run(
      "call",
      [
        `ScriptApp.getUserTriggers(SpreadsheetApp.getActive()).map(function (t) {
           return [t.getHandlerFunction(), t.getEventType(), t.getTriggerSource()]; })`,
      ],
      { user: "a@example.com" },
    );
    expect(listed).toEqual([["sync", "CLOCK", "CLOCK"]]);
    rt.run(
      "call",
      ["ScriptApp.getProjectTriggers().forEach(function (t) { ScriptApp.deleteTrigger(t); })"],
      {
        user: "a@example.com",
      },
    );
    expect(rt.triggers.map((t) => t.user)).toEqual(["b@example.com"]);
  });

  it("records a failing trigger run", () => {
    const rt = makeRuntime(FILES);
    rt.run("call", ['ScriptApp.newTrigger("broken").timeBased().everyHours(1).create()']);
    rt.advanceClock(3_600_001);
    const [run] = rt.fireTimeTriggers();
    expect(run?.error?.message).toBe("sync failed");
    expect(rt.triggers[0]?.lastRun?.error).toBe("sync failed");
  });
});

describe("Ui", () => {
  const UI = {
    "a.js": `function call(code) { return eval(code); }
function onOpen() {
  var ui = SpreadsheetApp.getUi();
  ui.createAddonMenu().addItem("Open PostHog", "openSidebar")
    .addSubMenu(ui.createMenu("Pull").addItem("Groups", "pullGroups")).addToUi();
}
function openSidebar() {
  SpreadsheetApp.getUi().showSidebar(HtmlService.createHtmlOutputFromFile("sidebar").setTitle("PostHog"));
}`,
    "sidebar.html": "<div id='app'></div>",
  };

  it("records menus once per user and document, replacing on re-open", () => {
    const rt = makeRuntime(UI);
    rt.run("onOpen", [], { authMode: "LIMITED" });
    rt.run("onOpen", [], { authMode: "LIMITED" });
    rt.run("onOpen", [], { authMode: "NONE", user: "viewer@example.com" });
    expect(rt.ui.menus).toHaveLength(2);
    expect(rt.ui.menus[0]).toEqual({
      kind: "addon",
      caption: "PostHog for Sheets",
      user: "owner@example.com",
      documentId: "doc-1",
      authMode: "LIMITED",
      items: [
        { type: "item", caption: "Open PostHog", functionName: "openSidebar" },
        {
          type: "submenu",
          caption: "Pull",
          items: [{ type: "item", caption: "Groups", functionName: "pullGroups" }],
        },
      ],
    });
  });

  it("shows the sidebar from a FULL execution with its file and title", () => {
    const rt = makeRuntime(UI);
    rt.run("openSidebar");
    expect(rt.ui.sidebars).toEqual([
      {
        title: "PostHog",
        html: "<div id='app'></div>",
        user: "owner@example.com",
        documentId: "doc-1",
      },
    ]);
    expect(() => rt.run("call", ['HtmlService.createHtmlOutputFromFile("missing")'])).toThrow(
      "No HTML file named missing was found.",
    );
    expect(
      rt.run("call", ['HtmlService.createHtmlOutputFromFile("sidebar.html").getContent()']),
    ).toBe("<div id='app'></div>");
    expect(() => rt.run("call", ['HtmlService.createTemplateFromFile("sidebar")'])).toThrow(
      "not supported in this runtime",
    );
  });

  it("answers alerts and prompts from the scripted queue, defaulting to the first button", () => {
    const rt = makeRuntime(UI);
    rt.ui.answerNextAlert("NO");
    rt.ui.answerNextAlert("OK", "phc_project_key");
    const result = rt.run("call", [
      `var ui = SpreadsheetApp.getUi();
       var a = ui.alert("Push?", "Send 3 changes?", ui.ButtonSet.YES_NO);
       var p = ui.prompt("Key", "Paste your key", ui.ButtonSet.OK_CANCEL);
       var d = ui.alert("Done");
       [a === ui.Button.NO, p.getSelectedButton(), p.getResponseText(), d]`,
    ]);
    expect(result).toEqual([true, "OK", "phc_project_key", "OK"]);
    expect(rt.ui.alerts.map((a) => [a.kind, a.title, a.prompt, a.answer])).toEqual([
      ["alert", "Push?", "Send 3 changes?", "NO"],
      ["prompt", "Key", "Paste your key", "OK"],
      ["alert", "", "Done", "OK"],
    ]);
  });

  it("records dialogs and keeps HtmlOutput settings", () => {
    const rt = makeRuntime(UI);
    const content = rt.run("call", [
      `var out = HtmlService.createHtmlOutput("<b>x</b>").append("y").appendUntrusted("<i>").setWidth(400).setHeight(300)
         .setSandboxMode(HtmlService.SandboxMode.IFRAME).setXFrameOptionsMode(HtmlService.XFrameOptionsMode.ALLOWALL)
         .addMetaTag("viewport", "width=device-width");
       SpreadsheetApp.getUi().showModalDialog(out, "Preview");
       out.getContent()`,
    ]);
    expect(content).toBe("<b>x</b>y&#60;i&#62;");
    expect(rt.ui.dialogs[0]).toMatchObject({
      modal: true,
      title: "Preview",
      width: 400,
      height: 300,
    });
  });

  it("has no Ui without a document", () => {
    const rt = makeRuntime(UI, { manifest: manifestWith() });
    expect(() => rt.run("openSidebar", [], { documentId: null })).toThrow(
      "Cannot call SpreadsheetApp.getUi() from this context.",
    );
  });
});
