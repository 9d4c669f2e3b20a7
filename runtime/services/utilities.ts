// Utilities: sleep, digests, HMAC, base64, blobs, gzip, UUIDs, formatDate/formatString, parseCsv.

import { createHash, createHmac, randomUUID } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import { fromByteArray, isByteArray, toSigned } from "../bytes.ts";
import { gasError, messages } from "../errors.ts";
import { dataBytes, GasBlob } from "./blob.ts";
import type { ServiceEnv } from "./env.ts";
import { pause } from "./env.ts";
import { formatDate } from "./format-date.ts";

const DIGESTS: Record<string, string> = {
  MD2: "md2",
  MD5: "md5",
  SHA_1: "sha1",
  SHA_256: "sha256",
  SHA_384: "sha384",
  SHA_512: "sha512",
};
const MACS: Record<string, string> = {
  HMAC_MD5: "md5",
  HMAC_SHA_1: "sha1",
  HMAC_SHA_256: "sha256",
  HMAC_SHA_384: "sha384",
  HMAC_SHA_512: "sha512",
};
const enumOf = (keys: string[]) => Object.freeze(Object.fromEntries(keys.map((k) => [k, k])));

/** Utilities.sleep's documented maximum: 300,000 ms (5 minutes). */
const MAX_SLEEP_MS = 300_000;

export function createUtilities(env: ServiceEnv) {
  const use = (method: string) => env.kernel.call("Utilities", method);
  const blob = (bytes: Uint8Array, type: string | null, name: string | null) =>
    new GasBlob(env.kernel, bytes, type, name);
  const decode64 = (text: unknown, webSafe: boolean): number[] => {
    const s = String(text).replace(/\s+/g, "");
    const alphabet = webSafe ? /^[A-Za-z0-9_-]*={0,2}$/ : /^[A-Za-z0-9+/]*={0,2}$/;
    if (!alphabet.test(s) || s.replace(/=+$/, "").length % 4 === 1) {
      throw gasError(messages.couldNotDecode());
    }
    return toSigned(new Uint8Array(Buffer.from(s, webSafe ? "base64url" : "base64")));
  };
  return {
    DigestAlgorithm: enumOf(Object.keys(DIGESTS)),
    MacAlgorithm: enumOf(Object.keys(MACS)),
    Charset: enumOf(["US_ASCII", "UTF_8"]),

    sleep(milliseconds: unknown): void {
      use("sleep");
      const ms = Number(milliseconds);
      if (!Number.isFinite(ms) || ms < 0) throw gasError(messages.invalidArgument("milliseconds"));
      // Approximated text: Google documents the 5-minute maximum but not the error.
      if (ms > MAX_SLEEP_MS) throw gasError(messages.argumentTooLarge("milliseconds"));
      const { execution, kernel } = env;
      const remaining = Math.max(0, execution.limitMs - kernel.elapsed(execution));
      pause(env, env.state.sleep === "virtual" ? ms : Math.min(ms, remaining + 1));
      kernel.checkTime(execution);
    },
    computeDigest(algorithm: unknown, value: unknown, charset?: unknown): number[] {
      use("computeDigest");
      const alg = DIGESTS[String(algorithm)];
      if (!alg) throw gasError(messages.invalidArgument("algorithm"));
      return toSigned(new Uint8Array(createHash(alg).update(dataBytes(value, charset)).digest()));
    },
    computeHmacSignature(
      algorithm: unknown,
      value: unknown,
      key: unknown,
      charset?: unknown,
    ): number[] {
      use("computeHmacSignature");
      const alg = MACS[String(algorithm)];
      if (!alg) throw gasError(messages.invalidArgument("algorithm"));
      return toSigned(
        new Uint8Array(
          createHmac(alg, dataBytes(key, charset)).update(dataBytes(value, charset)).digest(),
        ),
      );
    },
    computeHmacSha256Signature(value: unknown, key: unknown, charset?: unknown): number[] {
      use("computeHmacSha256Signature");
      return toSigned(
        new Uint8Array(
          createHmac("sha256", dataBytes(key, charset)).update(dataBytes(value, charset)).digest(),
        ),
      );
    },
    base64Encode(data: unknown, charset?: unknown): string {
      use("base64Encode");
      return Buffer.from(dataBytes(data, charset)).toString("base64");
    },
    /** Web-safe alphabet (-, _), padding kept, as Java's URL-safe encoder does. */
    base64EncodeWebSafe(data: unknown, charset?: unknown): string {
      use("base64EncodeWebSafe");
      return Buffer.from(dataBytes(data, charset))
        .toString("base64")
        .replace(/\+/g, "-")
        .replace(/\//g, "_");
    },
    base64Decode(encoded: unknown, _charset?: unknown): number[] {
      use("base64Decode");
      return decode64(encoded, false);
    },
    base64DecodeWebSafe(encoded: unknown, _charset?: unknown): number[] {
      use("base64DecodeWebSafe");
      return decode64(encoded, true);
    },
    newBlob(data: unknown, contentType?: unknown, name?: unknown): GasBlob {
      use("newBlob");
      const bytes = data === undefined ? new Uint8Array() : dataBytes(data);
      return blob(
        bytes.slice(),
        contentType == null ? null : String(contentType),
        name == null ? null : String(name),
      );
    },
    gzip(source: unknown, name?: unknown): GasBlob {
      use("gzip");
      const input = toBlob(source);
      const base = input.getName();
      const outName = name != null ? String(name) : base ? `${base}.gz` : null;
      return blob(new Uint8Array(gzipSync(input.raw())), "application/x-gzip", outName);
    },
    ungzip(source: unknown): GasBlob {
      use("ungzip");
      const input = toBlob(source);
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(gunzipSync(input.raw()));
      } catch {
        throw gasError("Could not decompress gzip."); // approximated
      }
      const name = input.getName();
      return blob(bytes, null, name ? name.replace(/\.gz$/, "") : null);
    },
    getUuid(): string {
      use("getUuid");
      return randomUUID();
    },
    formatDate(date: unknown, timeZone: unknown, format: unknown): string {
      use("formatDate");
      if (Object.prototype.toString.call(date) !== "[object Date]") {
        throw gasError(messages.invalidArgument("date"));
      }
      return formatDate(Date.prototype.getTime.call(date), String(timeZone), String(format));
    },
    formatString(template: unknown, ...args: unknown[]): string {
      use("formatString");
      return sprintf(String(template), args);
    },
    parseCsv(csv: unknown, delimiter?: unknown): string[][] {
      use("parseCsv");
      return parseCsv(String(csv), delimiter === undefined ? "," : String(delimiter));
    },
    jsonStringify(value: unknown): string {
      use("jsonStringify");
      return JSON.stringify(value);
    },
    jsonParse(text: unknown): unknown {
      use("jsonParse");
      return JSON.parse(String(text));
    },
  };

  function toBlob(source: unknown): GasBlob {
    if (source instanceof GasBlob) return source;
    if (isByteArray(source)) return blob(fromByteArray(source), null, null);
    throw gasError(messages.invalidArgument("blob"));
  }
}

/** sprintf-style formatting: %s %d %i %f %e %x %o %c %% with flags, width and precision. */
export function sprintf(template: string, args: unknown[]): string {
  let next = 0;
  return template.replace(
    /%([-+ 0#]*)(\d+)?(?:\.(\d+))?([sdifeEgGxXoc%])/g,
    (_m, flags: string, width?: string, precision?: string, conv?: string) => {
      if (conv === "%") return "%";
      const arg = args[next++];
      let text: string;
      switch (conv) {
        case "d":
        case "i":
          text = String(Math.trunc(Number(arg)));
          break;
        case "f":
          text = Number(arg).toFixed(precision === undefined ? 6 : Number(precision));
          break;
        case "e":
        case "E":
          text = Number(arg).toExponential(precision === undefined ? 6 : Number(precision));
          if (conv === "E") text = text.toUpperCase();
          break;
        case "g":
        case "G":
          text = String(
            Number(Number(arg).toPrecision(precision === undefined ? 6 : Number(precision))),
          );
          break;
        case "x":
          text = Math.trunc(Number(arg)).toString(16);
          break;
        case "X":
          text = Math.trunc(Number(arg)).toString(16).toUpperCase();
          break;
        case "o":
          text = Math.trunc(Number(arg)).toString(8);
          break;
        case "c":
          text = typeof arg === "number" ? String.fromCharCode(arg) : String(arg).charAt(0);
          break;
        default:
          text = String(arg);
          if (precision !== undefined) text = text.slice(0, Number(precision));
      }
      if (flags.includes("+") && /^[0-9]/.test(text) && conv !== "s") text = `+${text}`;
      const w = width === undefined ? 0 : Number(width);
      if (text.length < w) {
        if (flags.includes("-")) text = text.padEnd(w);
        else if (flags.includes("0") && conv !== "s") {
          const sign = /^[+-]/.test(text) ? (text[0] as string) : "";
          text = sign + text.slice(sign.length).padStart(w - sign.length, "0");
        } else text = text.padStart(w);
      }
      return text;
    },
  );
}

/** RFC 4180-style CSV: quoted fields, doubled quotes, CR/LF/CRLF line ends, newlines inside quotes. */
export function parseCsv(csv: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  const endField = () => {
    row.push(field);
    field = "";
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  while (i < csv.length) {
    const c = csv[i] as string;
    if (quoted) {
      if (c === '"') {
        if (csv[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === "") {
      quoted = true;
      i++;
    } else if (csv.startsWith(delimiter, i)) {
      endField();
      i += delimiter.length;
    } else if (c === "\r" || c === "\n") {
      endRow();
      i += c === "\r" && csv[i + 1] === "\n" ? 2 : 1;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== "" || row.length > 0) endRow();
  return rows;
}
