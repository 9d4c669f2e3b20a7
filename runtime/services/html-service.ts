// HtmlService: HTML outputs built from strings or the project's .html files (templates are not supported here).

import { encodeString } from "../bytes.ts";
import { gasError, messages } from "../errors.ts";
import { GasBlob } from "./blob.ts";
import type { ServiceEnv } from "./env.ts";

const enumOf = (keys: string[]) => Object.freeze(Object.fromEntries(keys.map((k) => [k, k])));

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export class HtmlOutput {
  private title = "";
  private width: number | null = null;
  private height: number | null = null;
  sandboxMode = "IFRAME";
  xFrameOptionsMode = "DEFAULT";
  faviconUrl: string | null = null;
  readonly metaTags: { name: string; content: string }[] = [];

  constructor(
    private readonly env: ServiceEnv,
    private content: string,
  ) {}

  private use(method: string): void {
    this.env.kernel.call("HtmlOutput", method);
  }

  /** Node-side read of title and content (uncounted), for the Ui records. */
  snapshot(): { title: string; html: string; width: number | null; height: number | null } {
    return { title: this.title, html: this.content, width: this.width, height: this.height };
  }

  getContent(): string {
    this.use("getContent");
    return this.content;
  }
  setContent(content: unknown): HtmlOutput {
    this.use("setContent");
    this.content = String(content);
    return this;
  }
  append(addedContent: unknown): HtmlOutput {
    this.use("append");
    this.content += String(addedContent);
    return this;
  }
  appendUntrusted(addedContent: unknown): HtmlOutput {
    this.use("appendUntrusted");
    this.content += escapeHtml(String(addedContent));
    return this;
  }
  clear(): HtmlOutput {
    this.use("clear");
    this.content = "";
    return this;
  }
  getTitle(): string {
    this.use("getTitle");
    return this.title;
  }
  setTitle(title: unknown): HtmlOutput {
    this.use("setTitle");
    this.title = String(title);
    return this;
  }
  getWidth(): number | null {
    this.use("getWidth");
    return this.width;
  }
  setWidth(width: unknown): HtmlOutput {
    this.use("setWidth");
    this.width = Number(width);
    return this;
  }
  getHeight(): number | null {
    this.use("getHeight");
    return this.height;
  }
  setHeight(height: unknown): HtmlOutput {
    this.use("setHeight");
    this.height = Number(height);
    return this;
  }
  setSandboxMode(mode: unknown): HtmlOutput {
    this.use("setSandboxMode");
    // Every mode is served as IFRAME today (HtmlService guide); the value is kept for inspection.
    this.sandboxMode = String(mode);
    return this;
  }
  setXFrameOptionsMode(mode: unknown): HtmlOutput {
    this.use("setXFrameOptionsMode");
    this.xFrameOptionsMode = String(mode);
    return this;
  }
  addMetaTag(name: unknown, content: unknown): HtmlOutput {
    this.use("addMetaTag");
    this.metaTags.push({ name: String(name), content: String(content) });
    return this;
  }
  getMetaTags(): { getName(): string; getContent(): string }[] {
    this.use("getMetaTags");
    return this.metaTags.map((t) => ({ getName: () => t.name, getContent: () => t.content }));
  }
  setFaviconUrl(url: unknown): HtmlOutput {
    this.use("setFaviconUrl");
    this.faviconUrl = String(url);
    return this;
  }
  getFaviconUrl(): string | null {
    this.use("getFaviconUrl");
    return this.faviconUrl;
  }
  getBlob(): GasBlob {
    this.use("getBlob");
    return new GasBlob(this.env.kernel, encodeString(this.content), "text/html", null);
  }
  getAs(contentType: unknown): GasBlob {
    this.use("getAs");
    return this.getBlob().getAs(contentType);
  }
  toString(): string {
    return "HtmlOutput";
  }
}

export function createHtmlService(env: ServiceEnv) {
  const use = (method: string) => env.kernel.call("HtmlService", method);
  const templates = (): never => {
    throw gasError(messages.notSupported("HtmlService templates (createTemplate…)"));
  };
  return {
    SandboxMode: enumOf(["EMULATED", "IFRAME", "NATIVE"]),
    XFrameOptionsMode: enumOf(["ALLOWALL", "DEFAULT"]),
    createHtmlOutput(content?: unknown): HtmlOutput {
      use("createHtmlOutput");
      if (content instanceof GasBlob) return new HtmlOutput(env, content.getDataAsString());
      return new HtmlOutput(env, content === undefined || content === null ? "" : String(content));
    },
    /** Reads "<name>.html" from the pushed files; the name is given without ".html". */
    createHtmlOutputFromFile(filename: unknown): HtmlOutput {
      use("createHtmlOutputFromFile");
      const name = String(filename);
      const html =
        env.state.project.html.get(name) ?? env.state.project.html.get(name.replace(/\.html$/, ""));
      if (html === undefined) throw gasError(messages.noHtmlFile(name));
      return new HtmlOutput(env, html);
    },
    createTemplate(_html?: unknown): never {
      use("createTemplate");
      return templates();
    },
    createTemplateFromFile(_filename?: unknown): never {
      use("createTemplateFromFile");
      return templates();
    },
    getUserAgent(): string {
      use("getUserAgent");
      return "";
    },
  };
}
