// The Transport contract: what src/api relies on, checked against the UrlFetchApp adapter and the in-memory fake.
import { describe, expect, it } from "vitest";
import type { HttpRequest, Transport } from "../../src/api/transport.ts";

export interface TransportUnderTest {
  transport: Transport;
  /** Base URL of a server with /echo (JSON echo of method, url, body), /status/N and /cut (drops the socket). */
  origin: string;
}

export function describeTransportContract(name: string, setup: () => TransportUnderTest): void {
  const get = (origin: string, path: string): HttpRequest => ({
    method: "GET",
    url: origin + path,
    headers: {},
  });

  describe(`Transport contract: ${name}`, () => {
    it("sends method, body and headers, and gives back status, lower-case headers and text", () => {
      const { transport, origin } = setup();
      const result = transport.send({
        method: "POST",
        url: `${origin}/echo?x=1`,
        headers: { authorization: "Bearer phx_secret", "content-type": "application/json" },
        body: '{"name":"Grüße 👋"}',
      });
      expect(result.kind).toBe("response");
      if (result.kind !== "response") return;
      expect(result.status).toBe(200);
      expect(result.headers["content-type"]).toContain("application/json");
      const echoed = JSON.parse(result.body) as { method: string; url: string; body: string };
      expect(echoed.method).toBe("POST");
      expect(echoed.url).toBe("/echo?x=1");
      expect(echoed.body).toBe('{"name":"Grüße 👋"}');
    });

    it("answers an error status as a response, never by throwing", () => {
      const { transport, origin } = setup();
      const result = transport.send(get(origin, "/status/429"));
      expect(result).toMatchObject({ kind: "response", status: 429 });
    });

    it("reports a dropped connection as a network failure that names no URL", () => {
      const { transport, origin } = setup();
      const result = transport.send(get(origin, "/cut"));
      expect(result.kind).toBe("network-error");
      if (result.kind === "network-error") {
        expect(result.message).not.toContain(origin);
        expect(result.message).not.toContain("127.0.0.1");
      }
    });

    it("sends a batch side by side and answers in request order, a failure in its own place", () => {
      const { transport, origin } = setup();
      const results = transport.sendAll([
        get(origin, "/echo?n=1"),
        get(origin, "/cut"),
        get(origin, "/status/404"),
      ]);
      expect(results.map((r) => (r.kind === "response" ? r.status : r.kind))).toEqual([
        200,
        "network-error",
        404,
      ]);
      expect(transport.sendAll([])).toEqual([]);
    });
  });
}
