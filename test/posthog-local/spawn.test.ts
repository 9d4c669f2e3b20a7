// spawnLocalPostHog: the server runs in a child process, prints its JSON line, and stops on close().
import { describe, expect, it } from "vitest";
import { spawnLocalPostHog } from "../../posthog-local/spawn";
import { client } from "./helpers";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("spawnLocalPostHog", () => {
  it("starts a child process that serves the API and the control API, then stops it", async () => {
    const ph = await spawnLocalPostHog({ groups: 200, lagMs: 0 });
    try {
      expect(ph.pid).not.toBe(process.pid);
      expect(alive(ph.pid)).toBe(true);
      expect(ph.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(ph.personalApiKey).toMatch(/^phx_/);
      expect(ph.projectToken).toMatch(/^phc_/);
      expect(ph.projectId).toBe(1);
      const api = client(ph);
      expect((await api.get("/api/users/@me/")).status).toBe(200);
      expect((await api.get("/api/projects/1/groups_types/", { key: ph.noScopesKey })).status).toBe(
        403,
      );
      expect(
        (
          await api.query(
            "SELECT count() FROM groups WHERE index = 0",
            {},
            {},
            { key: ph.readOnlyKey },
          )
        ).status,
      ).toBe(403);
      const info = await ph.control.info();
      expect(info.groups).toMatchObject({ 0: 200 });
    } finally {
      await ph.close();
    }
    expect(alive(ph.pid)).toBe(false);
  });

  it("reports a start failure with the child's error output", async () => {
    const first = await spawnLocalPostHog({ groups: 10 });
    try {
      await expect(spawnLocalPostHog({ groups: 10, port: first.port })).rejects.toThrow(
        /exited with code 1[\s\S]*EADDRINUSE/,
      );
    } finally {
      await first.close();
    }
  });
});
