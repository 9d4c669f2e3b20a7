// LockService (held elsewhere, released at the end of an execution) and Utilities (digests, base64, gzip, dates…).

import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { makeRuntime } from "./helpers.ts";

const FILES = { "a.js": "function call(code) { return eval(code); }" };
const signed = (buf: Buffer) => [...buf].map((b) => (b > 127 ? b - 256 : b));

describe("LockService", () => {
  it("tryLock fails and waitLock throws while another execution holds the lock", () => {
    const rt = makeRuntime(FILES, { sleep: "virtual" });
    const release = rt.holdLock("script");
    const t0 = Date.now();
    expect(
      rt.run("call", ["var l = LockService.getScriptLock(); [l.tryLock(30000), l.hasLock()]"]),
    ).toEqual([false, false]);
    expect(() => rt.run("call", ["LockService.getScriptLock().waitLock(30000)"])).toThrow(
      /^Lock timeout: another process was holding the lock for too long\.$/,
    );
    // Virtual mode: the two waits (30 s each) moved the scripts' clock, not the test's: had either waited for
    // real, 30 s would have passed here.
    expect(Date.now() - t0).toBeLessThan(30_000);
    release();
    expect(
      rt.run("call", ["var l = LockService.getScriptLock(); [l.tryLock(0), l.hasLock()]"]),
    ).toEqual([true, true]);
  });

  it("releases an execution's locks when it ends", () => {
    const rt = makeRuntime(FILES);
    expect(rt.run("call", ["LockService.getDocumentLock().tryLock(0)"])).toBe(true);
    expect(rt.run("call", ["LockService.getDocumentLock().tryLock(0)"])).toBe(true);
    expect(() => rt.holdLock("document")).not.toThrow();
  });

  it("keys user locks by user and document locks by document; null outside a document", () => {
    const rt = makeRuntime(FILES);
    rt.addDocument({ id: "doc-2", owner: "owner@example.com" });
    rt.holdLock("user", "a@example.com");
    rt.holdLock("document", "doc-1");
    const tryIt =
      "[LockService.getUserLock().tryLock(0), LockService.getDocumentLock().tryLock(0)]";
    expect(rt.run("call", [tryIt], { user: "a@example.com", documentId: "doc-2" })).toEqual([
      false,
      true,
    ]);
    expect(rt.run("call", [tryIt], { user: "b@example.com", documentId: "doc-1" })).toEqual([
      true,
      false,
    ]);
    expect(rt.run("call", ["LockService.getDocumentLock()"], { documentId: null })).toBeNull();
  });

  it("waits for real in real-sleep mode", () => {
    const rt = makeRuntime(FILES);
    rt.holdLock("script");
    const t0 = Date.now();
    expect(rt.run("call", ["LockService.getScriptLock().tryLock(150)"])).toBe(false);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it("loses its locks at Ui.alert", () => {
    const rt = makeRuntime(FILES);
    const code = `var l = LockService.getScriptLock(); l.tryLock(0); var before = l.hasLock();
      SpreadsheetApp.getUi().alert("hi"); [before, l.hasLock()]`;
    expect(rt.run("call", [code])).toEqual([true, false]);
  });
});

describe("Utilities", () => {
  it("computes digests as signed Java bytes", () => {
    const rt = makeRuntime(FILES);
    const sha = rt.run("call", [
      'Utilities.computeDigest(Utilities.DigestAlgorithm.SHA_256, "abc")',
    ]) as number[];
    expect(sha.slice(0, 4)).toEqual([-70, 120, 22, -65]);
    expect(sha).toEqual(signed(createHash("sha256").update("abc").digest()));
    for (const [alg, node] of [
      ["MD5", "md5"],
      ["SHA_1", "sha1"],
      ["SHA_512", "sha512"],
    ]) {
      expect(
        rt.run("call", [`Utilities.computeDigest(Utilities.DigestAlgorithm.${alg}, "héllo")`]),
      ).toEqual(
        signed(
          createHash(node as string)
            .update("héllo", "utf8")
            .digest(),
        ),
      );
    }
    expect(rt.run("call", ['Utilities.computeDigest("SHA_256", [97, 98, 99])'])).toEqual(sha);
    expect(
      rt.run("call", [
        'Utilities.computeHmacSha256Signature("The quick brown fox jumps over the lazy dog", "key")',
      ]),
    ).toEqual(
      signed(
        createHmac("sha256", "key").update("The quick brown fox jumps over the lazy dog").digest(),
      ),
    );
  });

  it("round-trips base64, standard and web-safe", () => {
    const rt = makeRuntime(FILES);
    expect(rt.run("call", ['Utilities.base64Encode("héllo 👋")'])).toBe(
      Buffer.from("héllo 👋").toString("base64"),
    );
    expect(rt.run("call", ["Utilities.base64Encode([-5, -1])"])).toBe("+/8=");
    expect(rt.run("call", ["Utilities.base64EncodeWebSafe([-5, -1])"])).toBe("-_8=");
    expect(rt.run("call", ['Utilities.base64Decode("+/8=")'])).toEqual([-5, -1]);
    expect(rt.run("call", ['Utilities.base64DecodeWebSafe("-_8=")'])).toEqual([-5, -1]);
    expect(
      rt.run("call", [
        'Utilities.newBlob(Utilities.base64DecodeWebSafe(Utilities.base64EncodeWebSafe("日本 ✓"))).getDataAsString()',
      ]),
    ).toBe("日本 ✓");
    expect(() => rt.run("call", ['Utilities.base64Decode("-_8=")'])).toThrow(
      "Could not decode string.",
    );
  });

  it("gzips and ungzips blobs", () => {
    const rt = makeRuntime(FILES);
    expect(
      rt.run("call", [
        `var text = "PostHog ".repeat(200) + "👋";
         var z = Utilities.gzip(Utilities.newBlob(text, "text/plain", "a.txt"));
         var back = Utilities.ungzip(z);
         [z.getContentType(), z.getName(), z.getBytes().length < 200, back.getDataAsString() === text, back.getName()]`,
      ]),
    ).toEqual(["application/x-gzip", "a.txt.gz", true, true, "a.txt"]);
  });

  it("formats dates with Java patterns in a time zone", () => {
    const rt = makeRuntime(FILES);
    const at = Date.UTC(2024, 0, 15, 13, 5, 9, 7);
    const fmt = (tz: string, pattern: string) =>
      rt.run("call", [
        `Utilities.formatDate(new Date(${at}), ${JSON.stringify(tz)}, ${JSON.stringify(pattern)})`,
      ]);
    expect(fmt("Europe/Paris", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX")).toBe(
      "2024-01-15T14:05:09.007+01:00",
    );
    expect(fmt("UTC", "yyyy-MM-dd'T'HH:mm:ssXXX Z")).toBe("2024-01-15T13:05:09Z +0000");
    expect(fmt("America/New_York", "EEE, d MMM yyyy h:mm a z")).toBe(
      "Mon, 15 Jan 2024 8:05 AM EST",
    );
    expect(fmt("GMT+05:30", "HH:mm XXX 'o''clock'")).toBe("18:35 +05:30 o'clock");
    expect(
      rt.run("call", [
        `Utilities.formatDate(new Date(${Date.UTC(2024, 6, 1, 12)}), "America/New_York", "MMMM dd HH XX")`,
      ]),
    ).toBe("July 01 08 -0400");
  });

  it("makes UUIDs, formats strings, parses CSV", () => {
    const rt = makeRuntime(FILES);
    const [a, b] = rt.run("call", ["[Utilities.getUuid(), Utilities.getUuid()]"]) as string[];
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
    expect(
      rt.run("call", ['Utilities.formatString("%s has %d items, %.2f%% %05d", "x", 3, 1.5, 42)']),
    ).toBe("x has 3 items, 1.50% 00042");
    expect(rt.run("call", ['Utilities.parseCsv("a,b\\n\\"c,d\\",\\"e\\"\\"f\\"\\r\\n")'])).toEqual([
      ["a", "b"],
      ["c,d", 'e"f'],
    ]);
    expect(rt.run("call", ['Utilities.parseCsv("a;b", ";")'])).toEqual([["a", "b"]]);
  });

  it("gives Blobs their methods", () => {
    const rt = makeRuntime(FILES);
    expect(
      rt.run("call", [
        `var b = Utilities.newBlob("é", "text/plain", "x.txt");
         var c = b.copyBlob().setDataFromString("z").setName("y.txt");
         [b.getBytes(), b.getDataAsString(), c.getDataAsString(), b.getName(), b.isGoogleType(), b.getAs("application/json").getContentType(), typeof Blob]`,
      ]),
    ).toEqual([[-61, -87], "é", "z", "x.txt", false, "application/json", "undefined"]);
    expect(() =>
      rt.run("call", ['Utilities.newBlob("x", "text/plain").getAs("application/pdf")']),
    ).toThrow("Converting from text/plain to application/pdf is not supported.");
  });

  it("sleeps for real by default", () => {
    const rt = makeRuntime(FILES);
    const t0 = Date.now();
    rt.run("call", ["Utilities.sleep(60)"]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(55);
  });

  it("logs like Apps Script", () => {
    const rt = makeRuntime(FILES);
    rt.run("call", [
      'Logger.log("a %s b %s", 1, "x"); Logger.log({ k: [1] }); console.log("c", 2); console.error("e %d", 5); console.time("t"); console.timeEnd("t")',
    ]);
    expect(rt.logs.slice(0, 4)).toEqual(["a 1 b x", '{"k":[1]}', "c 2", "e 5"]);
    expect(rt.logs[4]).toMatch(/^t: \d+ms$/);
  });
});
