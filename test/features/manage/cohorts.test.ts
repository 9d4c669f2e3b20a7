// Static cohorts from the selection: e-mails matched to people before anything is sent, a partial match asks first.
import { describe, expect, it } from "vitest";
import {
  addSelectionToCohort,
  type CohortDeps,
  createStaticCohort,
  describeSelection,
  removeSelectionFromCohort,
} from "../../../src/features/manage/cohorts.ts";
import type { CohortConfirm } from "../../../src/shared/manage-rpc.ts";
import type { CellValue } from "../../../src/sheets/cells.ts";
import type { ActiveSelection } from "../../../src/sheets/selection.ts";
import { peoplePostHog, uuid } from "./people-posthog.ts";

/** A selection of one column under a header, from row 2 of sheet "People". */
function selection(header: string, values: CellValue[][]): ActiveSelection {
  const width = values[0]?.length ?? 0;
  return {
    sheetName: "People",
    range: `A2:${String.fromCharCode(64 + width)}${values.length + 1}`,
    row: 2,
    column: 1,
    values,
    headers: [header],
    readRow: () => [],
  };
}

const emails = (...ns: number[]) => ns.map((n) => [`person-${n}@acme.com`]);

function deps(
  sel: ActiveSelection | null,
  people = [1, 2, 3],
  cohorts = [] as Parameters<typeof peoplePostHog>[1],
) {
  const posthog = peoplePostHog(people, cohorts);
  const d: CohortDeps = { client: posthog.client, selection: () => sel };
  return { deps: d, posthog };
}

describe("describing the selection", () => {
  it("names the kind of ids, their count and a sample, without asking PostHog", () => {
    const { deps: d, posthog } = deps(selection("email", emails(1, 2, 3, 4)));
    expect(describeSelection(d)).toEqual({
      sheetName: "People",
      range: "A2:A5",
      kind: "email",
      count: 4,
      sample: ["person-1@acme.com", "person-2@acme.com", "person-3@acme.com"],
    });
    expect(posthog.transport.requests).toHaveLength(0);
  });

  it("describes no selection as empty", () => {
    expect(describeSelection(deps(null).deps)).toMatchObject({ kind: null, count: 0 });
  });
});

describe("creating a static cohort from e-mails", () => {
  it("matches each e-mail to its person and creates the cohort with their UUIDs", () => {
    const { deps: d, posthog } = deps(selection("email", emails(1, 2, 3)));
    const change = createStaticCohort(d, { name: " VIP " });
    expect(change).toMatchObject({ kind: "email", count: 3, matched: 3, people: 3, size: 3 });
    expect("needsConfirm" in change).toBe(false);
    const created = [...posthog.cohorts.values()][0];
    expect(created?.name).toBe("VIP");
    expect([...(created?.members ?? [])].sort()).toEqual([uuid(1), uuid(2), uuid(3)]);
    // One lookup per e-mail, one create, one read of the members for the real size.
    expect(posthog.sent()).toEqual([
      "GET persons/",
      "GET persons/",
      "GET persons/",
      "POST cohorts/",
      `GET cohorts/${created?.id}/persons/`,
    ]);
  });

  it("asks before sending when only some e-mails match, and sends only the matched people once confirmed", () => {
    const sel = selection("email", [...emails(1, 2), ["nobody@acme.com"]]);
    const { deps: d, posthog } = deps(sel);
    const question = createStaticCohort(d, { name: "VIP" }) as CohortConfirm;
    expect(question).toMatchObject({
      needsConfirm: true,
      kind: "email",
      count: 3,
      matched: 2,
      people: 2,
      unmatched: ["nobody@acme.com"],
    });
    expect(question.message).toContain("matched 2 of the 3 emails");
    expect(posthog.cohorts.size).toBe(0);
    expect(posthog.sent().filter((r) => !r.startsWith("GET persons/"))).toEqual([]);

    const change = createStaticCohort(d, { name: "VIP", confirm: 2 });
    expect(change).toMatchObject({
      matched: 2,
      people: 2,
      size: 2,
      unmatched: ["nobody@acme.com"],
    });
    expect(posthog.cohorts.size).toBe(1);
  });

  it("asks again when the confirmed count is not the number of matched people", () => {
    const { deps: d, posthog } = deps(selection("email", [...emails(1), ["x@acme.com"]]));
    expect(createStaticCohort(d, { name: "VIP", confirm: 2 })).toMatchObject({
      needsConfirm: true,
    });
    expect(posthog.cohorts.size).toBe(0);
  });

  it("refuses when no e-mail matches anybody, and sends nothing", () => {
    const { deps: d, posthog } = deps(selection("email", [["a@x.com"], ["b@x.com"]]));
    expect(() => createStaticCohort(d, { name: "VIP" })).toThrow(
      expect.objectContaining({ code: "no_match", field: "selection" }),
    );
    expect(posthog.cohorts.size).toBe(0);
  });

  it("refuses more e-mails than it checks one by one, before asking PostHog anything", () => {
    const many = Array.from({ length: 101 }, (_, i) => [`p${i}@acme.com`]);
    const { deps: d, posthog } = deps(selection("email", many));
    expect(() => createStaticCohort(d, { name: "VIP" })).toThrow(/at most 100 emails/);
    expect(posthog.transport.requests).toHaveLength(0);
  });

  it("checks the name and the selection's shape before any request", () => {
    const two = deps(selection("email", [["a@x.com", "b"]]));
    expect(() => createStaticCohort(two.deps, { name: "" })).toThrow(
      expect.objectContaining({ code: "invalid_input", field: "name" }),
    );
    expect(() => createStaticCohort(two.deps, { name: "VIP" })).toThrow(
      expect.objectContaining({ code: "invalid_selection" }),
    );
    expect(() => createStaticCohort(deps(null).deps, { name: "VIP" })).toThrow(
      expect.objectContaining({ code: "no_selection" }),
    );
    expect(two.posthog.transport.requests).toHaveLength(0);
  });

  it("matches distinct ids in one batch lookup", () => {
    const { deps: d, posthog } = deps(selection("distinct_id", [["d1"], ["d2"], ["d3"]]));
    expect(createStaticCohort(d, { name: "By id" })).toMatchObject({
      kind: "distinct_id",
      people: 3,
    });
    expect(posthog.sent()[0]).toBe("POST persons/batch_by_distinct_ids/");
    expect(posthog.sent().filter((r) => r.startsWith("POST persons/"))).toHaveLength(1);
  });
});

describe("adding to and removing from a cohort", () => {
  const vip = { id: 7, name: "VIP", is_static: true, deleted: false };

  it("adds the matched people to a static cohort and reports its new size", () => {
    const { deps: d, posthog } = deps(selection("email", emails(1, 2)), [1, 2, 3], [vip]);
    const change = addSelectionToCohort(d, { cohortId: 7 });
    expect(change).toMatchObject({ people: 2, size: 2 });
    expect(posthog.sent()).toContain("PATCH cohorts/7/add_persons_to_static_cohort/");
  });

  it("refuses a dynamic cohort before matching anyone", () => {
    const dynamic = { ...vip, is_static: false };
    const { deps: d, posthog } = deps(selection("email", emails(1)), [1], [dynamic]);
    expect(() => addSelectionToCohort(d, { cohortId: 7 })).toThrow(
      expect.objectContaining({ code: "not_static" }),
    );
    expect(posthog.sent()).toEqual(["GET cohorts/7/"]);
  });

  it("removes members and says which selected people were not in it", () => {
    const { deps: d, posthog } = deps(selection("email", emails(1, 2)), [1, 2, 3], [vip]);
    posthog.cohorts.get(7)?.members.add(uuid(1));
    const change = removeSelectionFromCohort(d, { cohortId: 7 });
    expect(change).toMatchObject({ count: 1, notFound: 1, unknown: 0 });
    expect(change.message).toContain("1 was not in it");
    expect(posthog.cohorts.get(7)?.members.size).toBe(0);
  });
});
