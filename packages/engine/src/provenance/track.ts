/**
 * Read tracking: while an anchor (one rule on one subject, one scope, one
 * identity's grants) computes its edges, every fact it looks up through the
 * rule context is recorded as a key in the anchor's read set. A fix changes
 * some facts; the anchors whose read sets contain one of them, and only
 * those, are derived again (architecture.md 3a, issue 10 point 2).
 *
 * Keys are short strings; their vocabulary lives in `keys.ts`. Memoised
 * computations shared by several anchors (a container's token, a holder's
 * pod-creation ways) keep the keys they read and replay them into every
 * anchor that uses the cached value, so sharing never hides a dependency.
 */

/** The keys one computation read. */
export type ReadSet = Set<string>;

const stack: ReadSet[] = [];

/** Records that the running anchor (if any) read `key`. */
export function track(key: string): void {
  const top = stack[stack.length - 1];
  if (top !== undefined) top.add(key);
}

/** Records every key of `keys` for the running anchor. */
export function trackAll(keys: Iterable<string>): void {
  const top = stack[stack.length - 1];
  if (top === undefined) return;
  for (const key of keys) top.add(key);
}

/** Whether some anchor is recording. */
export function tracking(): boolean {
  return stack.length > 0;
}

/**
 * Runs `compute` recording its reads into `reads` (and, as it runs nested in
 * another computation, into that one's too once it returns).
 */
export function withReads<T>(reads: ReadSet, compute: () => T): T {
  stack.push(reads);
  try {
    return compute();
  } finally {
    stack.pop();
    trackAll(reads);
  }
}

/** Runs `compute` with no anchor recording (a table built once, read by key). */
export function untracked<T>(compute: () => T): T {
  const saved = stack.splice(0);
  try {
    return compute();
  } finally {
    stack.push(...saved);
  }
}

interface Memo<T> {
  readonly value: T;
  readonly reads: readonly string[];
}

/**
 * A cache whose hits replay the reads of the computation that filled them.
 * Keep one per rule context (a what-if has its own context, and so its own
 * caches).
 */
export class TrackedMemo<T> {
  readonly #entries = new Map<string, Memo<T>>();

  get(key: string, compute: () => T): T {
    const hit = this.#entries.get(key);
    if (hit !== undefined) {
      trackAll(hit.reads);
      return hit.value;
    }
    const reads: ReadSet = new Set();
    const value = withReads(reads, compute);
    this.#entries.set(key, { value, reads: [...reads] });
    return value;
  }
}

/** One TrackedMemo per owner object (a rule context, a snapshot index). */
export function memoPer<T>(): (owner: object) => TrackedMemo<T> {
  const memos = new WeakMap<object, TrackedMemo<T>>();
  return owner => {
    let memo = memos.get(owner);
    if (memo === undefined) memos.set(owner, (memo = new TrackedMemo<T>()));
    return memo;
  };
}

const serials = new WeakMap<object, string>();
let nextSerial = 0;

/** A key unique to one object (not to its contents), for caches keyed by strings. */
export function identityKey(object: object): string {
  let key = serials.get(object);
  if (key === undefined) serials.set(object, (key = String(++nextSerial)));
  return key;
}
