// pg_trgm's similarity and word_similarity, for saved-list searches ranked as PostHog ranks them.

/** The trigrams of one word as pg_trgm pads it: two spaces before, one after, lower case. */
function wordTrigrams(word: string): string[] {
  const padded = `  ${word} `;
  const out: string[] = [];
  for (let i = 0; i + 3 <= padded.length; i++) out.push(padded.slice(i, i + 3));
  return out;
}

/** Every trigram of `text` in order, word by word (pg_trgm splits on anything not alphanumeric). */
function orderedTrigrams(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.flatMap(wordTrigrams);
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let common = 0;
  for (const t of a) if (b.has(t)) common++;
  return common / (a.size + b.size - common);
}

/** `similarity(a, b)`: shared trigrams over all trigrams of both. */
export function similarity(a: string, b: string): number {
  return jaccard(new Set(orderedTrigrams(a)), new Set(orderedTrigrams(b)));
}

/**
 * `word_similarity(search, text)`: the best similarity between the search's trigrams and any continuous extent of
 * the text's ordered trigrams, so "coh" scores high against "Cohort of buyers" (prefix-as-you-type).
 */
export function wordSimilarity(search: string, text: string): number {
  const wanted = new Set(orderedTrigrams(search));
  const trigrams = orderedTrigrams(text);
  let best = 0;
  for (let from = 0; from < trigrams.length; from++) {
    const extent = new Set<string>();
    for (let to = from; to < trigrams.length; to++) {
      extent.add(trigrams[to] as string);
      best = Math.max(best, jaccard(wanted, extent));
    }
  }
  return best;
}
