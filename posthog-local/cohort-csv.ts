// Static cohort CSV uploads: cohort.py's header rules checked at once, members added after a delay.
import { addMembers } from "./cohort-calc";
import { ApiError, errors } from "./errors";
import type { UploadedFile } from "./multipart";
import type { ProjectData, World } from "./store";
import type { Cohort, Person } from "./types";

const PERSON_ID_HEADERS = ["person_id", "person-id", "person .id"];
const DISTINCT_ID_HEADERS = ["distinct_id", "distinct-id"];
const EMAIL_HEADERS = ["email", "e-mail"];
const MESSAGES = {
  empty: "CSV file is empty. Please upload a CSV file with at least one row of data.",
  missing: (columns: string) =>
    `Multi-column CSV must contain at least one column with a supported ID header: 'person_id', 'Person .id' (PostHog export format), 'distinct_id', 'distinct-id', or 'email'. Found columns: ${columns}`,
  noIds:
    "CSV file contains no valid person IDs, distinct IDs, or email addresses. Please ensure your file has data rows with person IDs, distinct IDs, or email addresses.",
  encoding: "CSV file encoding is not supported. Please save your file as UTF-8 and try again.",
};

// Python's str.splitlines() boundaries (\r\n, \n, \r, \v, \f, \x1c-\x1e, \x85, \u2028, \u2029).
const LINE_BREAKS = new RegExp(
  `\r\n|[${["\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"].join("")}]`,
);

type IdType = "person_id" | "distinct_id" | "email";

/** Python's csv.reader over one line: commas, double quotes, doubled quotes. */
export function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === "") quoted = true;
    else if (c === ",") {
      out.push(cell);
      cell = "";
    } else cell += c;
  }
  if (line.length > 0) out.push(cell);
  return out;
}

// Python's str.strip(): whitespace, but not a byte-order mark, so a BOM'd header is not recognised (as upstream).
const WS =
  "[\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
const EDGES = new RegExp(`^${WS}+|${WS}+$`, "g");
const strip = (s: string) => s.replace(EDGES, "");

/** Reads the upload and decides the id column; throws the 400s cohort.py raises (attr "csv"). */
export function extractIds(file: UploadedFile): { ids: string[]; idType: IdType } {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(file.data);
  } catch {
    throw errors.validation(MESSAGES.encoding, "csv");
  }
  const rows = text.split(LINE_BREAKS).map(parseCsvLine);
  while (rows.length > 0 && (rows[0] as string[]).length === 0) rows.shift();
  const first = rows.shift();
  if (!first) throw errors.validation(MESSAGES.empty, "csv");
  const nonEmpty = first.filter((c) => strip(c) !== "");
  let ids: string[];
  let idType: IdType;
  if (nonEmpty.length <= 1) {
    const header = strip(first[0] ?? "").toLowerCase();
    idType = PERSON_ID_HEADERS.includes(header)
      ? "person_id"
      : EMAIL_HEADERS.includes(header)
        ? "email"
        : "distinct_id";
    const body = idType === "distinct_id" ? [first, ...rows] : rows;
    ids = body.map((r) => strip(r[0] ?? "")).filter((v) => v !== "");
  } else {
    const headers = first.map((h) => strip(h).toLowerCase());
    const find = (names: string[]) => headers.findIndex((h) => names.includes(h));
    const col = [find(PERSON_ID_HEADERS), find(DISTINCT_ID_HEADERS), find(EMAIL_HEADERS)];
    const types: IdType[] = ["person_id", "distinct_id", "email"];
    const which = col.findIndex((c) => c !== -1);
    if (which === -1)
      throw errors.validation(MESSAGES.missing(nonEmpty.join(", ") || "none"), "csv");
    idType = types[which] as IdType;
    const at = col[which] as number;
    ids = rows
      .filter((r) => r.length > at)
      .map((r) => strip(r[at] ?? ""))
      .filter((v) => v !== "");
  }
  if (ids.length === 0) throw errors.validation(MESSAGES.noIds, "csv");
  return { ids, idType };
}

function resolve(data: ProjectData, ids: string[], idType: IdType): Person[] {
  if (idType === "person_id")
    return ids.flatMap((id) => data.personsByUuid.get(id.toLowerCase()) ?? []);
  if (idType === "distinct_id") return ids.flatMap((id) => data.personsByDistinctId.get(id) ?? []);
  const wanted = new Set(ids);
  return data.persons.filter(
    (p) => typeof p.properties.email === "string" && wanted.has(p.properties.email),
  );
}

/** Validates now, adds the matching persons after `csvProcessingMs`; the cohort calculates meanwhile. */
export function processCsvUpload(
  world: World,
  data: ProjectData,
  cohort: Cohort,
  file: UploadedFile,
): void {
  cohort.isCalculating = true;
  let parsed: { ids: string[]; idType: IdType };
  try {
    parsed = extractIds(file);
  } catch (error) {
    cohort.isCalculating = false;
    if (error instanceof ApiError) throw error;
    throw errors.validation(
      "An error occurred while processing your CSV file. Please try again or contact support if the problem persists.",
      "csv",
    );
  }
  world.schedule(world.now() + world.settings.csvProcessingMs, () => {
    addMembers(
      world,
      cohort,
      resolve(data, parsed.ids, parsed.idType).map((p) => p.uuid),
    );
  });
}
