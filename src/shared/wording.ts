// Counts in words for the sidebar and the server's messages: "1 row", "2 rows", never "row(s)".

/** `n` with the noun in the form the number takes (`plural` defaults to `singular` + "s"). */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? singular : plural}`;
}
