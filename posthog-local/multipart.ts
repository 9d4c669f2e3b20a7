// A small multipart/form-data parser: enough for a CSV upload with a few text fields.

export interface UploadedFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

export function parseMultipart(
  raw: Buffer,
  boundary: string,
): { fields: Record<string, string>; files: Record<string, UploadedFile> } {
  const fields: Record<string, string> = {};
  const files: Record<string, UploadedFile> = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = raw.indexOf(delimiter);
  while (pos !== -1) {
    const start = pos + delimiter.length;
    if (raw.subarray(start, start + 2).toString() === "--") break;
    const next = raw.indexOf(delimiter, start);
    if (next === -1) break;
    const part = raw.subarray(start + 2, next - 2); // skip CRLF after the delimiter and before the next
    const split = part.indexOf("\r\n\r\n");
    if (split !== -1)
      addPart(part.subarray(0, split).toString("utf8"), part.subarray(split + 4), fields, files);
    pos = next;
  }
  return { fields, files };
}

function addPart(
  head: string,
  data: Buffer,
  fields: Record<string, string>,
  files: Record<string, UploadedFile>,
): void {
  const disposition = /content-disposition:([^\r\n]*)/i.exec(head)?.[1] ?? "";
  const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
  if (name === undefined) return;
  const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
  if (filename === undefined) {
    fields[name] = data.toString("utf8");
    return;
  }
  const contentType = /content-type:\s*([^\r\n]*)/i.exec(head)?.[1] ?? "application/octet-stream";
  files[name] = { filename, contentType, data };
}
