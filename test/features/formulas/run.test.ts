// One custom-function execution: the switch, the key and the project are checked before anything else, and any
// failure becomes the cell's short text rather than an #ERROR!.
import { describe, expect, it } from "vitest";
import { PostHogError } from "../../../src/api/posthog-error.ts";
import { runFormula } from "../../../src/features/formulas/run.ts";
import { switchKey } from "../../../src/features/formulas/settings.ts";
import { FAKE_KEY } from "../../fakes/fake-posthog.ts";
import { formulaWorld, SPREADSHEET } from "../../fakes/formula-env.ts";
import { companies } from "../../fakes/pull-deps.ts";

describe("runFormula", () => {
  it("runs the body with an opened context, whose client is made once, lazily", () => {
    const world = formulaWorld(companies(0));
    let made = 0;
    const result = runFormula(world.env, "", (ctx) => {
      expect(world.clients).toBe(0);
      ctx.client();
      ctx.client();
      made = world.clients;
      return [["ok", ctx.project.projectId]];
    });
    expect(result).toEqual([["ok", 4242]]);
    expect(made).toBe(1);
  });

  it("refuses, in this order, when formulas are off, when there is no key, and when the project is on another host", () => {
    const world = formulaWorld(companies(0));
    let ran = 0;
    const run = () =>
      runFormula(world.env, "", () => {
        ran++;
        return 1;
      });
    world.user.remove(switchKey(SPREADSHEET));
    expect(run()).toMatch(/^PostHog: formulas are off here/);
    world.user.put(switchKey(SPREADSHEET), "on");
    world.document.put(
      "posthog.project",
      JSON.stringify({ host: "eu", projectId: 1, projectName: "", canQuery: true }),
    );
    expect(run()).toBe("PostHog: no project chosen (open the sidebar)");
    world.user.remove("posthog.apiKey");
    expect(run()).toBe("PostHog: not connected");
    expect(ran).toBe(0);
    // Nothing was read from the cache before the checks passed.
    expect(world.cache.reads()).toBe(0);
  });

  it("turns a PostHog failure into the cell's own wording, never PostHog's text or the key", () => {
    const world = formulaWorld(companies(0));
    const result = runFormula(world.env, "", () => {
      throw new PostHogError({
        code: "throttled",
        message: `slow down ${FAKE_KEY}`,
        waitSeconds: 12.2,
      });
    });
    expect(result).toBe("PostHog: rate limited, try again in 13 s");
    expect(
      runFormula(world.env, "", () => {
        throw new Error(FAKE_KEY);
      }),
    ).toBe("PostHog: something went wrong; try again later");
  });
});
