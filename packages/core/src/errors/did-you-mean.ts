/** Levenshtein distance, small inputs only (names, keys). */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The closest candidates to `input`, best first; empty when nothing is close. */
export function closestMatches(input: string, candidates: Iterable<string>, max = 3): string[] {
  const limit = Math.max(2, Math.floor(input.length / 3));
  return [...candidates]
    .map((candidate) => ({ candidate, distance: editDistance(input.toLowerCase(), candidate.toLowerCase()) }))
    .filter(({ distance }) => distance <= limit)
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, max)
    .map(({ candidate }) => candidate);
}

/** "Did you mean 'x'?" or undefined. */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const [best, ...rest] = closestMatches(input, candidates);
  if (best === undefined) return undefined;
  const others = rest.length > 0 ? ` (or ${rest.map((r) => `'${r}'`).join(", ")})` : "";
  return `Did you mean '${best}'${others}?`;
}
