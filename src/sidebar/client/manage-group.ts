// "This group": the activity and related groups of the group in the selected row of a pulled groups sheet.
import type { SelectedGroupView } from "../../shared/manage-rpc";
import { el, replaceChildren } from "./dom";
import { gate } from "./feature-gate";
import { createFormErrors } from "./form-errors";
import { actions, button } from "./manage-kit";
import { server } from "./server";

export function createGroupPanel() {
  const errors = createFormErrors();
  const output = el("div", { class: "group-output" });

  const show = (g: SelectedGroupView) => {
    const activity = el("ul", { class: "push-list", "aria-label": "Activity" });
    if (g.activity.length === 0)
      activity.append(el("li", { class: "gray" }, "No activity recorded."));
    for (const a of g.activity)
      activity.append(
        el(
          "li",
          {},
          el("span", { class: "gray" }, `${a.when} · ${a.who}`),
          el("br"),
          el("strong", {}, a.property),
          a.change ? `: ${a.change}` : "",
        ),
      );
    const related = el("ul", { class: "push-list", "aria-label": "Related" });
    if (g.related.length === 0)
      related.append(el("li", { class: "gray" }, "Nothing related in the last 90 days."));
    for (const r of g.related) related.append(el("li", {}, `${r.type}: ${r.label}`));
    replaceChildren(
      output,
      el("p", { class: "group-title" }, `${g.typeName}: `, el("strong", {}, g.groupKey)),
      el("p", { class: "gray note" }, `Row ${g.row} of ${g.sheetName}`),
      el("h4", {}, "Activity"),
      activity,
      el("h4", {}, "Related persons and groups"),
      related,
    );
  };

  const load = async () => {
    errors.clear();
    const result = await server.selectedGroup();
    if (!result.ok) {
      replaceChildren(output);
      return errors.show(result);
    }
    show(result.value);
  };

  const said = el("p", { class: "gray note", role: "status" });
  const history = button("History of this account", () => void writeHistory());
  const writeHistory = async () => {
    errors.clear();
    said.textContent = "";
    const result = await server.accountHistory();
    if (!result.ok) return errors.show(result);
    const v = result.value;
    said.textContent =
      `“${v.sheetName}”: ${v.entries} entries (${v.bySource.activity} from PostHog's activity, ` +
      `${v.bySource.push} pushed, ${v.bySource.recorded} recorded)` +
      (v.activityPartial ? ", the newest of PostHog's activity only." : ".");
  };
  const note = gate("history_read", history as HTMLButtonElement);
  const element = el(
    "div",
    {},
    el("p", { class: "gray note" }, "Select a row in a pulled groups sheet, then show its group."),
    errors.top,
    actions(
      button("Show selected group", () => void load(), "action"),
      history,
    ),
    ...(note ? [note] : []),
    said,
    output,
  );
  return { element, load: async () => {} };
}
