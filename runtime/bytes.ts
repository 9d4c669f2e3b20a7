// Byte arrays as Apps Script hands them to scripts (Java bytes: numbers -128..127) and charset conversions.

/** Java-style signed bytes, as Apps Script returns from getBytes/computeDigest/base64Decode. */
export function toSigned(bytes: Uint8Array): number[] {
  const out = new Array<number>(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    out[i] = b > 127 ? b - 256 : b;
  }
  return out;
}

/** Accepts signed or unsigned byte numbers (or a Uint8Array) and returns the bytes. */
export function fromByteArray(value: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(value.length);
  for (let i = 0; i < value.length; i++) out[i] = Number(value[i]) & 0xff;
  return out;
}

/** True for what Apps Script accepts as Byte[]: an array of numbers. */
export function isByteArray(value: unknown): value is number[] {
  return (
    (Array.isArray(value) && value.every((v) => typeof v === "number")) ||
    value instanceof Uint8Array
  );
}

/** Maps Apps Script / Java charset names (Utilities.Charset, "UTF-8", "ISO-8859-1"…) to Node's encodings. */
function nodeEncoding(charset: unknown): "utf8" | "latin1" | "ascii" | "utf16le" {
  const name = String(charset ?? "UTF_8")
    .toUpperCase()
    .replace(/-/g, "_");
  if (name === "UTF_8" || name === "UTF8") return "utf8";
  if (name === "US_ASCII" || name === "ASCII") return "ascii";
  if (name === "ISO_8859_1" || name === "LATIN1" || name === "WINDOWS_1252") return "latin1";
  if (name === "UTF_16LE" || name === "UTF_16") return "utf16le";
  throw new Error(`Invalid argument: charset (${String(charset)})`);
}

export function encodeString(text: string, charset?: unknown): Uint8Array {
  return new Uint8Array(Buffer.from(text, nodeEncoding(charset)));
}

export function decodeBytes(bytes: Uint8Array, charset?: unknown): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(
    nodeEncoding(charset),
  );
}

/** UTF-8 length of a string (Apps Script's quotas are in bytes). */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, "utf8");
}
