// A failure's cell text: the add-on's own words only, never PostHog's text, a URL or the key.
import { describe, expect, it } from "vitest";
import { PostHogError } from "../../../src/api/posthog-error.ts";
import { cellMessage } from "../../../src/features/formulas/messages.ts";

describe("cellMessage", () => {
  it("never repeats PostHog's own text in a cell", () => {
    const error = new PostHogError({
      code: "validation",
      message: "PostHog could not run the query: https://us.posthog.com/api/x?k=phx_secret",
    });
    expect(cellMessage(error)).toBe("PostHog: PostHog refused these arguments");
    expect(cellMessage(new Error("Exception: Request failed for https://x"))).not.toContain(
      "https",
    );
    const scope = new PostHogError({ code: "missing_scope", message: "…", scope: "group:read" });
    expect(cellMessage(scope)).toBe("PostHog: key lacks group:read");
  });
});
