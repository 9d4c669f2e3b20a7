// The "Manage" section: one form at a time (metrics, group types, cohorts, this group) to keep the sidebar short.
import type { FeatureId } from "../../shared/scopes";
import { el, option, uid } from "./dom";
import { access, scopeNote } from "./feature-gate";
import { labelled } from "./field";
import { createCohortsForm } from "./manage-cohorts";
import { createGroupPanel } from "./manage-group";
import { createGroupTypesForm } from "./manage-group-types";
import { createMetricsForm } from "./manage-metrics";
import { createPeopleForm } from "./manage-people";

interface Part {
  element: HTMLElement;
  load(): Promise<void>;
}

export function createManagePanel(): { element: HTMLElement } {
  const titleId = uid("manage-title");
  const parts: Record<string, { label: string; make: () => Part; part?: Part; box: HTMLElement }> =
    {
      none: {
        label: "Choose…",
        make: () => ({ element: el("div"), load: async () => {} }),
        box: el("div"),
      },
      metrics: {
        label: "Usage metrics",
        make: createMetricsForm,
        box: el("div", { hidden: true }),
      },
      types: { label: "Group types", make: createGroupTypesForm, box: el("div", { hidden: true }) },
      cohorts: { label: "Cohorts", make: createCohortsForm, box: el("div", { hidden: true }) },
      group: { label: "This group", make: createGroupPanel, box: el("div", { hidden: true }) },
      people: {
        label: "Accounts and people",
        make: createPeopleForm,
        box: el("div", { hidden: true }),
      },
    };
  // A form the key's scopes do not allow shows which scope to add instead of controls that would fail.
  const features: Record<string, FeatureId> = {
    metrics: "manage_metrics",
    types: "manage_group_types",
    cohorts: "manage_cohorts",
    group: "activity",
    people: "people_of_accounts",
  };
  for (const [value, feature] of Object.entries(features)) {
    const part = parts[value];
    const allowed = access(feature);
    if (!part || allowed.allowed) continue;
    part.label = `${part.label} (needs ${allowed.missing.join(", ")})`;
    part.make = () => ({ element: scopeNote(allowed), load: async () => {} });
  }
  const which = el(
    "select",
    {},
    ...Object.entries(parts).map(([value, p]) => option(value, p.label)),
  );
  which.addEventListener("change", () => {
    for (const [value, p] of Object.entries(parts)) {
      p.box.hidden = value !== which.value;
      if (value === which.value && !p.part) {
        p.part = p.make();
        p.box.append(p.part.element);
        void p.part.load();
      }
    }
  });
  const element = el(
    "section",
    { class: "block manage", "aria-labelledby": titleId },
    el("h2", { id: titleId }, "Manage"),
    labelled("Manage", which),
    ...Object.values(parts).map((p) => p.box),
  );
  return { element };
}
