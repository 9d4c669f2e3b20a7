// Builds a multipart/form-data body as a string (Apps Script has no FormData or Blob in pure code).

/** One form field; a `filename` makes it a file part. */
export interface FormField {
  name: string;
  value: string;
  filename?: string;
  contentType?: string;
}

/** A ready body and its content type (with the boundary). */
export interface MultipartBody {
  contentType: string;
  body: string;
}

/**
 * Joins fields with CRLF line breaks and a boundary derived from `seed`, lengthened until no value contains it.
 * Names and file names are ours, so only their quotes and line breaks are escaped.
 */
export function multipartBody(fields: readonly FormField[], seed: string): MultipartBody {
  let boundary = `----PostHogSheets${seed.replace(/[^A-Za-z0-9]/g, "").slice(0, 30)}`;
  while (fields.some((field) => field.value.includes(boundary))) boundary += "x";
  const quote = (text: string) => text.replace(/["\r\n]/g, (c) => encodeURIComponent(c));
  const parts = fields.map((field) => {
    const disposition = `Content-Disposition: form-data; name="${quote(field.name)}"${
      field.filename === undefined ? "" : `; filename="${quote(field.filename)}"`
    }`;
    const type = field.contentType ? `\r\nContent-Type: ${field.contentType}` : "";
    return `--${boundary}\r\n${disposition}${type}\r\n\r\n${field.value}\r\n`;
  });
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    body: `${parts.join("")}--${boundary}--\r\n`,
  };
}
