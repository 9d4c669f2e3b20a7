// Apps Script's Blob (Utilities.newBlob, HTTPResponse.getBlob…): bytes, a content type and a name. Not a global.

import { decodeBytes, encodeString, fromByteArray, isByteArray, toSigned } from "../bytes.ts";
import { gasError } from "../errors.ts";
import type { Kernel } from "../kernel.ts";

export class GasBlob {
  constructor(
    private readonly kernel: Kernel,
    private bytes: Uint8Array,
    private contentType: string | null = null,
    private name: string | null = null,
  ) {}

  /** Node-side access to the bytes (uncounted). */
  raw(): Uint8Array {
    return this.bytes;
  }

  private use(method: string): void {
    this.kernel.call("Blob", method);
  }

  getBytes(): number[] {
    this.use("getBytes");
    return toSigned(this.bytes);
  }
  setBytes(data: unknown): GasBlob {
    this.use("setBytes");
    this.bytes = fromByteArray(data as number[]);
    return this;
  }
  getDataAsString(charset?: unknown): string {
    this.use("getDataAsString");
    return decodeBytes(this.bytes, charset);
  }
  setDataFromString(text: unknown, charset?: unknown): GasBlob {
    this.use("setDataFromString");
    this.bytes = encodeString(String(text), charset);
    return this;
  }
  getContentType(): string | null {
    this.use("getContentType");
    return this.contentType;
  }
  setContentType(contentType: unknown): GasBlob {
    this.use("setContentType");
    this.contentType = contentType == null ? null : String(contentType);
    return this;
  }
  setContentTypeFromExtension(): GasBlob {
    this.use("setContentTypeFromExtension");
    const ext = (this.name ?? "").split(".").pop()?.toLowerCase() ?? "";
    const types: Record<string, string> = {
      txt: "text/plain",
      csv: "text/csv",
      json: "application/json",
      html: "text/html",
      gz: "application/x-gzip",
      zip: "application/zip",
      pdf: "application/pdf",
      png: "image/png",
    };
    const type = types[ext];
    if (!type)
      throw gasError(`Could not determine the content type of ${this.name ?? "the blob"}.`);
    this.contentType = type;
    return this;
  }
  getName(): string | null {
    this.use("getName");
    return this.name;
  }
  setName(name: unknown): GasBlob {
    this.use("setName");
    this.name = name == null ? null : String(name);
    return this;
  }
  copyBlob(): GasBlob {
    this.use("copyBlob");
    return new GasBlob(this.kernel, this.bytes.slice(), this.contentType, this.name);
  }
  isGoogleType(): boolean {
    this.use("isGoogleType");
    return false;
  }
  getBlob(): GasBlob {
    this.use("getBlob");
    return this;
  }
  /** Only a relabel between text-like types or to the same type: no PDF/image conversion here. */
  getAs(contentType: unknown): GasBlob {
    this.use("getAs");
    const target = String(contentType);
    const from = this.contentType ?? "application/octet-stream";
    const textual = (t: string) => t.startsWith("text/") || t === "application/json";
    if (target !== from && !(textual(target) && textual(from))) {
      // Approximated wording of Apps Script's conversion error.
      throw gasError(`Converting from ${from} to ${target} is not supported.`);
    }
    return new GasBlob(this.kernel, this.bytes.slice(), target, this.name);
  }
  toString(): string {
    return "Blob";
  }
}

/** Bytes of what scripts pass as data: a string (UTF-8 or the charset), a Byte[] or a Blob. */
export function dataBytes(data: unknown, charset?: unknown): Uint8Array {
  if (data instanceof GasBlob) return data.raw();
  if (isByteArray(data)) return fromByteArray(data);
  return encodeString(String(data), charset);
}
