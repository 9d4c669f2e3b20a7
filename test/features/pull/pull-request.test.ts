// A pull request arrives from the page as any JSON: the well-formed ones are read, anything else refused by field.
import { describe, expect, it } from "vitest";
import { parsePullRequest } from "../../../src/features/pull/pull-request.ts";
import { UserFacingError } from "../../../src/shared/failures.ts";

function refusal(input: unknown): { code: string; field: string | undefined } {
  try {
    parsePullRequest(input);
  } catch (error) {
    if (error instanceof UserFacingError) return { code: error.code, field: error.field };
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(input)}`);
}

describe("parsePullRequest", () => {
  it("reads each kind, trimming texts and dropping empty extras", () => {
    expect(
      parsePullRequest({
        entity: "groups",
        groupTypeIndex: 2,
        search: "  acme ",
        columns: ["name", "", 7, "plan"],
        extra: "ignored",
      }),
    ).toEqual({ entity: "groups", groupTypeIndex: 2, search: "acme", columns: ["name", "plan"] });
    expect(
      parsePullRequest({ entity: "groups", groupTypeIndex: 0, search: "  ", columns: [] }),
    ).toEqual({
      entity: "groups",
      groupTypeIndex: 0,
    });
    expect(parsePullRequest({ entity: "cohorts", groupTypeIndex: 9 })).toEqual({
      entity: "cohorts",
    });
    expect(parsePullRequest({ entity: "group_types" })).toEqual({ entity: "group_types" });
    expect(parsePullRequest({ entity: "property_definitions", groupTypeIndex: 4 })).toEqual({
      entity: "property_definitions",
      groupTypeIndex: 4,
    });
    expect(parsePullRequest({ entity: "cohort_members", cohortId: 12 })).toEqual({
      entity: "cohort_members",
      cohortId: 12,
    });
    expect(parsePullRequest({ entity: "related", groupTypeIndex: 1, groupKey: " k/1 " })).toEqual({
      entity: "related",
      groupTypeIndex: 1,
      groupKey: "k/1",
    });
  });

  it("refuses malformed input, naming the field to fix", () => {
    const invalid = (field: string) => ({ code: "invalid_input", field });
    expect(refusal(null)).toEqual(invalid("entity"));
    expect(refusal("groups")).toEqual(invalid("entity"));
    expect(refusal({ entity: "persons" })).toEqual(invalid("entity"));
    for (const groupTypeIndex of [undefined, -1, 5, 1.5, "0", null])
      expect(refusal({ entity: "groups", groupTypeIndex })).toEqual(invalid("groupTypeIndex"));
    expect(refusal({ entity: "metrics" })).toEqual(invalid("groupTypeIndex"));
    for (const cohortId of [0, -3, 2.5, "7", undefined])
      expect(refusal({ entity: "cohort_members", cohortId })).toEqual(invalid("cohortId"));
    for (const groupKey of ["", "   ", 42, undefined])
      expect(refusal({ entity: "activity", groupTypeIndex: 0, groupKey })).toEqual(
        invalid("groupKey"),
      );
  });
});
