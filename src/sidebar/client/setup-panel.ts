// "Setup": runs Check setup and says where the report is and what failed, as text.
import { el, replaceChildren } from "./dom";
import { server } from "./server";

export function createSetupPanel(): HTMLElement {
  const status = el("div", { role: "status" });
  const button = el("button", { type: "button" }, "Check setup");
  button.addEventListener("click", async () => {
    button.disabled = true;
    replaceChildren(status, el("p", { class: "gray" }, "Checking…"));
    const result = await server.runSetupCheck();
    button.disabled = false;
    if (!result.ok) {
      replaceChildren(status, el("p", { class: "error", role: "alert" }, result.message));
      return;
    }
    const { passed, failed, sheetName, lines } = result.value;
    replaceChildren(
      status,
      el(
        "p",
        { class: failed ? "error" : "gray" },
        `${passed} of ${passed + failed} checks passed. The report is in the sheet "${sheetName}"; it holds no key, so you can share it with support.`,
      ),
      ...lines
        .filter((l) => !l.ok)
        .map((l) => el("p", { class: "note" }, `${l.check}: ${l.detail} ${l.todo}`)),
    );
  });
  return el(
    "section",
    { class: "block", "aria-labelledby": "setup-title" },
    el("h2", { id: "setup-title" }, "Setup"),
    el(
      "p",
      { class: "gray note" },
      "A short self-test of this spreadsheet, your key and the add-on.",
    ),
    button,
    status,
  );
}
