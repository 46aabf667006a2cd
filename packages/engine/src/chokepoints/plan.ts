/**
 * The remediation plan (cli-contract `plan`): the smallest set of fixes we
 * can find that leaves no entry point exposed, every step's figure measured.
 *
 * The plan knows fixes only through a measurement callback
 * (`measure(fixes)`: the exposed entry points once those fixes are made), so
 * it works the same with a full rebuild per measurement and with masked,
 * incremental measurement.
 *
 * A plan prefers fixes that break nothing (fixes issue: `fix.impact`): its
 * cost is the number of fixes that break a component, then the number of
 * fixes, then the number that degrade one. A fix that breaks something is
 * taken only where nothing else cuts what it cuts.
 *
 * 1. Greedy (algorithms.md 4.8): apply the fix that breaks nothing and leaves
 *    the fewest entry points exposed (one that degrades nothing on a tie),
 *    measure, repeat until none is exposed or no fix helps; a breaking fix
 *    only when no fix that breaks nothing helps. A round measures the most
 *    promising candidates first, and goes on past its share until one helps.
 * 2. Exact, when the candidates are few: an implicit hitting-set search
 *    (Moreno-Centeno and Karp, 2013). A core is a set of candidates every
 *    plan must contain one of. Take a smallest set hitting every core found
 *    so far (branch and bound) and measure it: if it leaves nothing exposed
 *    it is a minimum plan; if not, an entry point it leaves exposed yields a
 *    new core: grow the set, one candidate or block at a time, as long as
 *    that entry point stays exposed; the candidates left out are the core
 *    (a plan drawn only from the grown set leaves that entry point exposed).
 *    Smallest means of least cost: a weight per fix makes one breaking fix
 *    outweigh any number of others, and one more fix outweigh any number
 *    that degrade. When no set cheaper than the greedy plan hits every core,
 *    the greedy plan is a minimum. Either way `method` is "exact". The search
 *    stops at a measurement budget; then the greedy plan stands ("greedy").
 *
 * Minimality assumes what the attack graph models: a fix only takes attack
 * steps away, so more fixes never expose an entry point that fewer fixes cut.
 * The figures never rest on it: each step is measured.
 */

export interface PlanFix {
  readonly id: string;
}

export interface PlanProblem<F extends PlanFix> {
  /**
   * The candidates for the next greedy step once `chosen` is applied, most
   * promising first (a fixed list, or one recomputed from the remaining paths).
   */
  readonly candidates: (chosen: readonly F[]) => readonly F[];
  /** Exposed entry points before any fix. */
  readonly exposed: number;
  /** The exposed entry point ids once `fixes` are applied, measured. */
  readonly measure: (fixes: readonly F[]) => ReadonlySet<string>;
  /** What a fix costs (`fix.impact`); without it every fix breaks nothing. */
  readonly impact?: (fix: F) => PlanImpact;
}

export type PlanImpact = 'none' | 'degrades' | 'breaks';

export interface PlanOptions {
  /** Greedy steps at most. */
  readonly rounds?: number;
  /** Candidates measured per greedy step (the most promising first). */
  readonly perRound?: number;
  /** No exact search above this many candidates. */
  readonly exactCandidates?: number;
  /** Measurements the exact search may make before the greedy plan stands. */
  readonly exactMeasures?: number;
  /** Called after each measurement with the count so far. */
  readonly onMeasure?: (count: number) => void;
}

export interface PlanStepOf<F> {
  readonly fix: F;
  /** Exposed entry points once this and every earlier step are applied. */
  readonly exposedAfter: number;
}

export interface PlanOf<F> {
  readonly steps: readonly PlanStepOf<F>[];
  readonly exposedAfter: number;
  /** "exact": no smaller set of the candidates leaves fewer exposed; "greedy": not proven. */
  readonly method: 'greedy' | 'exact';
}

export const EXACT_CANDIDATES = 40;

/** The greedy choice: breaks nothing, then fewest left exposed, then degrades nothing. */
function better(
  a: { readonly impact: PlanImpact; readonly exposedAfter: number },
  b: { readonly impact: PlanImpact; readonly exposedAfter: number },
): boolean {
  const breaksA = a.impact === 'breaks' ? 1 : 0;
  const breaksB = b.impact === 'breaks' ? 1 : 0;
  if (breaksA !== breaksB) return breaksA < breaksB;
  if (a.exposedAfter !== b.exposedAfter) return a.exposedAfter < b.exposedAfter;
  return a.impact === 'none' && b.impact === 'degrades';
}

/** Measurements, each made once, and counted. */
class Measurer<F extends PlanFix> {
  private readonly seen = new Map<string, ReadonlySet<string>>();
  private readonly measure: (fixes: readonly F[]) => ReadonlySet<string>;
  private readonly onMeasure: ((count: number) => void) | undefined;
  count = 0;

  constructor(
    measure: (fixes: readonly F[]) => ReadonlySet<string>,
    onMeasure?: (count: number) => void,
  ) {
    this.measure = measure;
    this.onMeasure = onMeasure;
  }

  exposed(fixes: readonly F[]): ReadonlySet<string> {
    const key = fixes
      .map(f => f.id)
      .sort()
      .join('\n');
    let result = this.seen.get(key);
    if (result === undefined) {
      result = this.measure(fixes);
      this.seen.set(key, result);
      this.count++;
      this.onMeasure?.(this.count);
    }
    return result;
  }
}

export function remediationPlan<F extends PlanFix>(
  problem: PlanProblem<F>,
  options: PlanOptions = {},
): PlanOf<F> {
  const measurer = new Measurer(problem.measure, options.onMeasure);
  const impact = problem.impact ?? ((): PlanImpact => 'none');
  const universe = new Map<string, F>();
  const greedy = greedyPlan(problem, impact, measurer, universe, options);
  const candidates = [...universe.values()];
  const limit = options.exactCandidates ?? EXACT_CANDIDATES;
  if (candidates.length === 0 || candidates.length > limit) return greedy;
  const budget = measurer.count + (options.exactMeasures ?? Infinity);
  const minimum = exactMinimum(
    candidates,
    planWeights(candidates.map(impact)),
    greedy,
    measurer,
    budget,
    problem.exposed,
  );
  if (minimum === undefined) return greedy;
  if (minimum === 'greedy') return { ...greedy, method: 'exact' };
  return { ...ordered(minimum, impact, measurer), method: 'exact' };
}

/**
 * Integer weights whose sums order plans by cost: fixes that break, then
 * fixes, then fixes that degrade (each level outweighs all of the next).
 */
export function planWeights(levels: readonly PlanImpact[]): number[] {
  const fix = levels.length + 1;
  const breaks = (levels.length + 1) * (fix + 1);
  return levels.map(level =>
    level === 'breaks' ? breaks : level === 'degrades' ? fix + 1 : fix,
  );
}

function greedyPlan<F extends PlanFix>(
  problem: PlanProblem<F>,
  impact: (fix: F) => PlanImpact,
  measurer: Measurer<F>,
  universe: Map<string, F>,
  options: PlanOptions,
): PlanOf<F> {
  const rounds = options.rounds ?? Infinity;
  const perRound = options.perRound ?? Infinity;
  const chosen: F[] = [];
  const steps: PlanStepOf<F>[] = [];
  let exposed = problem.exposed;
  for (let round = 0; round < rounds && exposed > 0; round++) {
    const ids = new Set(chosen.map(f => f.id));
    const candidates = problem.candidates(chosen).filter(f => !ids.has(f.id));
    for (const fix of candidates)
      if (!universe.has(fix.id)) universe.set(fix.id, fix);
    let best: (PlanStepOf<F> & { readonly impact: PlanImpact }) | undefined;
    let measured = 0;
    for (const fix of candidates) {
      const level = impact(fix);
      // Past the round's share, measure on only while nothing helps, or while
      // the best fix breaks something and this one would not.
      if (
        measured >= perRound &&
        best !== undefined &&
        (best.impact !== 'breaks' || level === 'breaks')
      )
        continue;
      measured++;
      const after = measurer.exposed([...chosen, fix]).size;
      const step = { fix, exposedAfter: after, impact: level };
      if (after < exposed && (best === undefined || better(step, best)))
        best = step;
    }
    if (best === undefined) break;
    chosen.push(best.fix);
    steps.push({ fix: best.fix, exposedAfter: best.exposedAfter });
    exposed = best.exposedAfter;
  }
  return { steps, exposedAfter: exposed, method: 'greedy' };
}

/** The plan's fixes in greedy order within the set, each step measured. */
function ordered<F extends PlanFix>(
  fixes: readonly F[],
  impact: (fix: F) => PlanImpact,
  measurer: Measurer<F>,
): Omit<PlanOf<F>, 'method'> {
  const left = [...fixes];
  const chosen: F[] = [];
  const steps: PlanStepOf<F>[] = [];
  while (left.length > 0) {
    let best:
      { i: number; impact: PlanImpact; exposedAfter: number } | undefined;
    for (const [i, fix] of left.entries()) {
      const step = {
        i,
        impact: impact(fix),
        exposedAfter: measurer.exposed([...chosen, fix]).size,
      };
      if (best === undefined || better(step, best)) best = step;
    }
    if (best === undefined) break;
    const [fix] = left.splice(best.i, 1);
    if (fix === undefined) break;
    chosen.push(fix);
    steps.push({ fix, exposedAfter: best.exposedAfter });
  }
  return { steps, exposedAfter: steps.at(-1)?.exposedAfter ?? 0 };
}

/**
 * A smallest plan of the candidates that leaves nothing exposed, 'greedy'
 * when the greedy plan is proven one, or undefined when none exists or the
 * budget ran out.
 */
function exactMinimum<F extends PlanFix>(
  candidates: readonly F[],
  weights: readonly number[],
  greedy: PlanOf<F>,
  measurer: Measurer<F>,
  budget: number,
  exposedBefore: number,
): F[] | 'greedy' | undefined {
  if (exposedBefore === 0) return 'greedy';
  const pick = (indexes: Iterable<number>): F[] =>
    [...indexes].flatMap(i => candidates[i] ?? []);
  const cost = (indexes: readonly number[]): number =>
    indexes.reduce((sum, i) => sum + (weights[i] ?? 0), 0);
  // Without every candidate applied something stays exposed: no plan of them reaches zero.
  if (measurer.exposed(candidates).size > 0) return undefined;
  let best: number[] | undefined;
  const position = new Map(candidates.map((f, i) => [f.id, i]));
  let bestCost =
    greedy.exposedAfter === 0
      ? cost(greedy.steps.map(s => position.get(s.fix.id) ?? -1))
      : Infinity;
  const cores: number[][] = [];
  const all = candidates.map((_, i) => i);
  for (;;) {
    if (measurer.count > budget) return undefined;
    const hitting = minimumHittingSet(
      cores,
      candidates.length,
      bestCost - 1,
      weights,
    );
    if (hitting === undefined)
      return best === undefined ? 'greedy' : pick(best);
    const left = measurer.exposed(pick(hitting));
    if (left.size === 0) {
      best = hitting;
      bestCost = cost(hitting);
      continue;
    }
    // Grow the set while the first entry point it leaves exposed stays exposed.
    const entry = [...left].sort()[0] ?? '';
    const grown = new Set(hitting);
    const grow = (block: readonly number[]): void => {
      if (block.length === 0 || measurer.count > budget) return;
      const trial = [...grown, ...block];
      if (measurer.exposed(pick(trial)).has(entry)) {
        for (const i of block) grown.add(i);
        return;
      }
      if (block.length === 1) return;
      const half = Math.ceil(block.length / 2);
      grow(block.slice(0, half));
      grow(block.slice(half));
    };
    grow(all.filter(i => !grown.has(i)));
    if (measurer.count > budget) return undefined;
    const core = all.filter(i => !grown.has(i));
    // Cannot happen when measurements are monotone (all candidates cut everything).
    if (core.length === 0) return undefined;
    cores.push(core);
  }
}

/**
 * A set of elements (0..n-1) of least weight meeting every core, of weight
 * at most `limit` (each element weighs 1 without `weights`); undefined when
 * there is none that light. Branch and bound: branch on the elements of the
 * smallest unmet core, each branch excluding the elements tried before it;
 * bound by the lightest element of each of a greedy choice of pairwise
 * disjoint unmet cores.
 */
export function minimumHittingSet(
  cores: readonly (readonly number[])[],
  n: number,
  limit: number,
  weights?: readonly number[],
): number[] | undefined {
  if (limit < 0) return undefined;
  const weight = (x: number): number => weights?.[x] ?? 1;
  const chosen = new Uint8Array(n);
  const excluded = new Uint8Array(n);
  const stack: number[] = [];
  let stackWeight = 0;
  let best: number[] | undefined;
  let bound = limit;

  const search = (): void => {
    const open: (readonly number[])[] = [];
    for (const core of cores) {
      if (core.some(x => chosen[x] === 1)) continue;
      const allowed = core.filter(x => excluded[x] === 0);
      if (allowed.length === 0) return;
      open.push(allowed);
    }
    if (open.length === 0) {
      if (stackWeight <= bound) {
        best = [...stack];
        bound = stackWeight - 1;
      }
      return;
    }
    open.sort((a, b) => a.length - b.length);
    const used = new Set<number>();
    let atLeast = 0;
    for (const core of open) {
      if (core.some(x => used.has(x))) continue;
      atLeast += Math.min(...core.map(weight));
      for (const x of core) used.add(x);
    }
    if (stackWeight + atLeast > bound) return;
    const frequency = new Map<number, number>();
    for (const core of open)
      for (const x of core) frequency.set(x, (frequency.get(x) ?? 0) + 1);
    const branch = [...(open[0] ?? [])].sort(
      (a, b) =>
        weight(a) - weight(b) ||
        (frequency.get(b) ?? 0) - (frequency.get(a) ?? 0) ||
        a - b,
    );
    const tried: number[] = [];
    for (const x of branch) {
      chosen[x] = 1;
      stack.push(x);
      stackWeight += weight(x);
      search();
      stackWeight -= weight(x);
      stack.pop();
      chosen[x] = 0;
      excluded[x] = 1;
      tried.push(x);
    }
    for (const x of tried) excluded[x] = 0;
  };
  search();
  return best;
}
