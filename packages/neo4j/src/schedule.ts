/**
 * Which relationship rows may be written at the same time (algorithms.md
 * section 7, step 3). Creating or merging a relationship locks both of its
 * nodes, so two transactions that share a node, typically a hub such as
 * `Group:system:authenticated`, wait for each other, and two that take the
 * same pair of nodes in opposite orders deadlock. Sorting rows does not
 * prevent that (each row takes its two locks in its own order), so the rows
 * are split so that concurrent transactions never share a node at all:
 *
 * nodes are dealt into 2L parts (L = lanes, the concurrent sessions), every
 * relationship falls in the cell {part(from), part(to)}, and the cells run in
 * rounds, each round a set of cells with no part in common (a round-robin
 * tournament of the parts, then the cells within one part), one cell per
 * lane. Within a round no node is in two lanes; rounds run one after another.
 */

export interface Endpoints {
  readonly from: string;
  readonly to: string;
}

/** The rounds of a round-robin tournament of `parts` (even) teams: pairs, each team once per round. */
export function tournament(parts: number): [number, number][][] {
  if (parts < 2 || parts % 2 !== 0)
    throw new RangeError(
      `parts must be even and at least 2, got ${String(parts)}`,
    );
  const rounds: [number, number][][] = [];
  const fixed = parts - 1;
  for (let r = 0; r < fixed; r++) {
    const round: [number, number][] = [[fixed, r]];
    for (let k = 1; k < parts / 2; k++)
      round.push([(r + k) % fixed, (r - k + fixed) % fixed]);
    rounds.push(round);
  }
  return rounds;
}

/**
 * The rows in rounds of at most `lanes` disjoint groups: in every round, no
 * node is an endpoint of rows in two groups. Every row is in exactly one
 * group. `partOf` gives a node's part (0 .. 2*lanes-1); nodes it does not
 * know go to part 0. Row order is kept within a group. Empty groups and
 * rounds are left out; with one lane there is one round holding every row.
 */
export function disjointRounds<T extends Endpoints>(
  rows: readonly T[],
  lanes: number,
  partOf: (node: string) => number | undefined,
): T[][][] {
  if (!Number.isInteger(lanes) || lanes < 1)
    throw new RangeError(
      `lanes must be a positive integer, got ${String(lanes)}`,
    );
  if (lanes === 1) return rows.length === 0 ? [] : [[[...rows]]];
  const parts = 2 * lanes;
  const cells = new Map<number, T[]>();
  for (const row of rows) {
    const a = partOf(row.from) ?? 0;
    const b = partOf(row.to) ?? 0;
    const key = Math.min(a, b) * parts + Math.max(a, b);
    let cell = cells.get(key);
    if (cell === undefined) cells.set(key, (cell = []));
    cell.push(row);
  }
  const cellOf = (a: number, b: number): T[] =>
    cells.get(Math.min(a, b) * parts + Math.max(a, b)) ?? [];
  const rounds: T[][][] = [];
  const keep = (groups: T[][]): void => {
    const nonEmpty = groups.filter(g => g.length > 0);
    if (nonEmpty.length > 0) rounds.push(nonEmpty);
  };
  for (const round of tournament(parts))
    keep(round.map(([a, b]) => cellOf(a, b)));
  // The cells inside one part: any `lanes` of them are disjoint.
  for (let first = 0; first < parts; first += lanes) {
    const groups: T[][] = [];
    for (let p = first; p < Math.min(parts, first + lanes); p++)
      groups.push(cellOf(p, p));
    keep(groups);
  }
  return rounds;
}

/** Parts for nodes in `order`: dealt in turn, so each kind spreads over every part. */
export function dealParts(
  order: readonly string[],
  lanes: number,
): Map<string, number> {
  const parts = 2 * lanes;
  const out = new Map<string, number>();
  order.forEach((id, i) => out.set(id, i % parts));
  return out;
}
