/**
 * Suggestions for an id that is not in the graph ("did you mean"): ids that
 * contain what was typed, then the nearest by edit distance, so a typo in
 * `Pod:web/frontnd` still finds `Pod:web/frontend`.
 */

function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] ?? limit + 1;
}

export function closeMatches(
  wanted: string,
  ids: Iterable<string>,
  count = 5,
): string[] {
  const lower = wanted.toLowerCase();
  const containing: string[] = [];
  const scored: [number, string][] = [];
  const limit = Math.max(2, Math.floor(wanted.length / 4));
  for (const id of ids) {
    const candidate = id.toLowerCase();
    if (lower.length >= 3 && candidate.includes(lower)) {
      containing.push(id);
      continue;
    }
    const distance = editDistance(lower, candidate, limit);
    if (distance <= limit) scored.push([distance, id]);
  }
  scored.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1));
  containing.sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  return [...containing, ...scored.map(([, id]) => id)].slice(0, count);
}
