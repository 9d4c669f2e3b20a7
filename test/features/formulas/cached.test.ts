// Read-through caching for the formulas: a hit sends nothing, shared entries are filled once under the document lock,
// group types resolve by index or any of their names, and a key without query:read falls back to REST once.
import { describe, expect, it } from "vitest";
import { PostHogError } from "../../../src/api/posthog-error.ts";
import {
  cached,
  groupTypes,
  resolveGroupType,
  shared,
  withRestFallback,
} from "../../../src/features/formulas/cached.ts";
import { FormulaError } from "../../../src/features/formulas/messages.ts";
import { formulaWorld } from "../../fakes/formula-env.ts";
import { COMPANY, companies } from "../../fakes/pull-deps.ts";

describe("cached", () => {
  it("fetches once, stores with the fetch time, and answers later cells from the cache", () => {
    const world = formulaWorld(companies(0));
    let fetches = 0;
    const fetch = () => ({ n: ++fetches });
    const first = cached(world.cell(), ["x"], fetch);
    expect(first).toEqual({ at: world.time.now(), value: { n: 1 } });
    world.time.advance(5_000);
    expect(cached(world.cell(), ["x"], fetch)).toEqual(first);
    expect(fetches).toBe(1);
    // Another refresh argument is another namespace: fetched again.
    expect(cached(world.cell("r2"), ["x"], fetch).value).toEqual({ n: 2 });
    expect(world.lock.acquired).toBe(0);
  });
});

describe("shared", () => {
  it("fills under the lock, and a cell that got the lock after another filled the entry fetches nothing", () => {
    const world = formulaWorld(companies(0));
    let fetches = 0;
    const ctx = world.cell();
    // Another cell fills the entry while this one waits for the lock.
    world.lock.tryAcquire = () => {
      world.lock.acquired++;
      cached(world.cell(), ["types"], () => "filled by the other cell");
      return true;
    };
    const got = shared(ctx, ["types"], () => {
      fetches++;
      return "mine";
    });
    expect(got.value).toBe("filled by the other cell");
    expect(fetches).toBe(0);
    expect(world.lock.released).toBe(1);
  });

  it("a lock that stays busy is not waited on: the cell fetches on its own, and releases nothing", () => {
    const world = formulaWorld(companies(0));
    world.lock.busy = true;
    expect(shared(world.cell(), ["k"], () => 7).value).toBe(7);
    expect(world.lock.released).toBe(0);
    expect(shared(world.cell(), ["k"], () => 8).value).toBe(7);
  });
});

describe("group types", () => {
  const world = () => {
    const w = formulaWorld(companies(0));
    w.fake.types = [
      COMPANY,
      { group_type: "Team", group_type_index: 2, name_singular: "crew", name_plural: "crews" },
    ];
    return w;
  };

  it("are read once for all cells", () => {
    const w = world();
    expect(groupTypes(w.cell()).value.map((t) => t.group_type)).toEqual(["company", "Team"]);
    groupTypes(w.cell());
    expect(w.fake.count("GET groups_types")).toBe(1);
  });

  it("resolve by index, exact name, or any name in any case; an unknown one fails with the cell's text", () => {
    const w = world();
    const ctx = w.cell();
    const index = (text: string, i: number | null = null) =>
      resolveGroupType(ctx, { index: i, text } as never).group_type_index;
    expect(index("2", 2)).toBe(2);
    expect(index("Team")).toBe(2);
    expect(index("CREWS")).toBe(2);
    expect(index("Companies")).toBe(0);
    expect(() => index("planets")).toThrow(FormulaError);
    expect(() => index("planets")).toThrow('PostHog: unknown group type "planets"');
  });
});

describe("withRestFallback", () => {
  const noScope = () =>
    new PostHogError({
      code: "missing_scope",
      status: 403,
      method: "POST",
      path: "/query/",
      message: "no",
      scope: "query:read",
    });

  it("runs again through REST once the key proves to lack query:read, and remembers it", () => {
    const world = formulaWorld(companies(0));
    const ctx = world.cell();
    const modes: boolean[] = [];
    const result = withRestFallback(ctx, () => {
      modes.push(ctx.canQuery);
      if (ctx.canQuery) throw noScope();
      return "rest";
    });
    expect(result).toBe("rest");
    expect(modes).toEqual([true, false]);
    expect(ctx.canQuery).toBe(false);
  });

  it("lets any other failure through", () => {
    const ctx = formulaWorld(companies(0)).cell();
    const boom = new Error("boom");
    expect(() =>
      withRestFallback(ctx, () => {
        throw boom;
      }),
    ).toThrow(boom);
    expect(ctx.canQuery).toBe(true);
  });
});
