// "This group": the activity and related groups of the group in the selected row of a pulled groups sheet.
import type { SelectedGroupView } from "../../shared/manage-rpc";
import { el, replaceChildren } from "./dom";
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

  const element = el(
    "div",
    {},
    el("p", { class: "gray note" }, "Select a row in a pulled groups sheet, then show its group."),
    errors.top,
    actions(button("Show selected group", () => void load(), "action")),
    output,
  );
  return { element, load: async () => {} };
}
