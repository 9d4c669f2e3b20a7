// The playground's loopback HTTP server: the page, the add-on's sidebar with a google.script.run stand-in, a JSON API.
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { PlaygroundHost } from "./host.ts";
import { BINDINGS, standInScript } from "./stand-in.ts";

const PAGE_DIR = fileURLToPath(new URL("./page/", import.meta.url));

/** What the page's banner says about the PostHog behind the add-on. */
export interface PlaygroundInfo {
  posthogUrl: string;
  /** "local": the local PostHog with demo data; "remote": POSTHOG_HOST. */
  mode: "local" | "remote";
}

export interface PlaygroundServer {
  url: string;
  close(): Promise<void>;
}

/** Bindings the stand-in calls, implemented over this server's /api/run (the page and the sidebar share an origin). */
const BRIDGE = `(() => {
  window[${JSON.stringify(BINDINGS.call)}] = (name, wire) =>
    fetch("/api/run", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name, args: JSON.parse(wire) }),
    }).then((r) => r.text());
  window[${JSON.stringify(BINDINGS.report)}] = (kind, text) => {
    if (kind === "host") parent.postMessage({ playground: "host", text }, location.origin);
    else console.warn("google.script.run stand-in:", text);
  };
})();`;

/** The sidebar page with the bridge and the stand-in installed before its own scripts. */
export function withStandIn(html: string): string {
  const scripts = `<script>${BRIDGE}</script><script>${standInScript({ maxConcurrent: 10, functions: null })}</script>`;
  const head = /<head[^>]*>/i.exec(html);
  if (!head) return scripts + html;
  const at = head.index + head[0].length;
  return html.slice(0, at) + scripts + html.slice(at);
}

async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [`${PAGE_DIR}main.ts`],
    bundle: true,
    write: false,
    format: "iife",
    target: "es2022",
    logLevel: "silent",
  });
  return result.outputFiles[0]?.text ?? "";
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    "content-type": `${type}; charset=utf-8`,
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
  });
  res.end(body);
}

const json = (res: ServerResponse, value: unknown, status = 200) =>
  send(res, status, "application/json", JSON.stringify(value));

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  const parsed: unknown = text ? JSON.parse(text) : {};
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
    throw new Error("Expected a JSON object.");
  return parsed as Record<string, unknown>;
}

const str = (value: unknown, name: string): string => {
  if (typeof value !== "string" || !value) throw new Error(`Expected a string ${name}.`);
  return value;
};

/** Serves the playground on 127.0.0.1:`port` (0: any free port). */
export async function startServer(
  host: PlaygroundHost,
  info: PlaygroundInfo,
  port: number,
): Promise<PlaygroundServer> {
  const script = await bundlePage();
  const html = readFileSync(`${PAGE_DIR}index.html`, "utf8");
  const css = readFileSync(`${PAGE_DIR}style.css`, "utf8");

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://playground.local");
    const path = url.pathname;
    const post = req.method === "POST";
    if (!post && path === "/") return send(res, 200, "text/html", html);
    if (!post && path === "/page.js") return send(res, 200, "text/javascript", script);
    if (!post && path === "/page.css") return send(res, 200, "text/css", css);
    if (!post && path === "/sidebar") {
      const page = host.sidebarHtml(Number(url.searchParams.get("n") ?? -1));
      if (page === undefined) return send(res, 404, "text/plain", "No such sidebar.");
      return send(res, 200, "text/html", withStandIn(page));
    }
    if (!post && path === "/api/info") return json(res, info);
    if (!post && path === "/api/sheets") return json(res, host.sheets());
    if (!post && path === "/api/ui") return json(res, host.ui());
    if (!post && path === "/api/window")
      return json(
        res,
        host.window(
          str(url.searchParams.get("name"), "name"),
          Number(url.searchParams.get("row") ?? 1),
          Number(url.searchParams.get("count") ?? 100),
        ),
      );
    if (post && path === "/api/run") {
      const input = await body(req);
      const args = Array.isArray(input.args) ? input.args : [];
      return json(res, host.run(str(input.name, "name"), args));
    }
    if (post && path === "/api/menu") {
      const input = await body(req);
      const answers = (Array.isArray(input.answers) ? input.answers : []).map((a) => {
        const { button, text } = (a ?? {}) as { button?: unknown; text?: unknown };
        return typeof text === "string"
          ? { button: str(button, "button"), text }
          : { button: str(button, "button") };
      });
      return json(res, host.menu(str(input.functionName, "functionName"), answers));
    }
    if (post && path === "/api/cells") {
      const input = await body(req);
      if (!Array.isArray(input.rows) || !input.rows.every(Array.isArray))
        throw new Error("Expected rows.");
      const reply = host.type(
        str(input.sheet, "sheet"),
        str(input.a1, "a1"),
        input.rows as unknown[][],
      );
      return json(res, { ...reply, version: host.version });
    }
    if (post && path === "/api/format") {
      const input = await body(req);
      const format = typeof input.numberFormat === "string" ? input.numberFormat : "";
      host.format(str(input.sheet, "sheet"), str(input.a1, "a1"), format);
      return json(res, { ok: true, version: host.version });
    }
    if (post && path === "/api/rows") {
      const input = await body(req);
      return json(res, host.addRows(str(input.sheet, "sheet"), Number(input.count)));
    }
    if (post && path === "/api/select") {
      const input = await body(req);
      host.select(str(input.sheet, "sheet"), str(input.a1, "a1"));
      return json(res, { ok: true, version: host.version });
    }
    send(res, 404, "text/plain", "Not found.");
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        json(res, { ok: false, message: String((error as Error)?.message ?? error) }, 400);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
