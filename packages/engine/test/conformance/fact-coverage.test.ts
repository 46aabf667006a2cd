// Coverage of the conformance data: walks the raw files of shared/conformance
// on its own (not through fact-catalog.ts) and names every fact no test case
// consumes. A fact is an object with a `from`, an entry of a fact list
// (findingsExpected, predictedEscapeKinds, roleInScopeTargets, memberships,
// the Bad Pods summary; predictedEscapeKinds and each summary entry is one fact), an entry of expected.md's JSON summary, or a table
// row, top-level bullet or bold lead of expected.md sections 1 to 7. Keys the
// walker does not know are reported too, so new kinds of facts cannot slip by.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BOOTSTRAP, bootstrapFacts } from './bootstrap-facts.ts';
import {
  BADPODS,
  KUBEHOUND,
  badPodsFacts,
  kubehoundFacts,
} from './fact-catalog.ts';
import { SHARED } from './kubehound-input.ts';

type Json = unknown;
const read = (path: string): Json =>
  JSON.parse(readFileSync(new URL(path, SHARED), 'utf8')) as Json;
const isObject = (v: Json): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Text that informs and asserts nothing, at any depth. */
const PROSE = new Set([
  'note',
  'policy',
  'add',
  'containerSecurityContext',
  'alsoNeeds',
  'needsDefaultRbac',
  'via',
]);

/** Lists that state a whole set, possibly empty, rather than one fact per entry. */
const EXACT_LISTS = new Set(['predictedEscapeKinds']);

/** The facts under a fact-holding key, as JSON pointers. */
function factsIn(value: Json, at: string, out: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const here = `${at}/${String(i)}`;
      if (
        typeof item === 'string' ||
        (isObject(item) && ('from' in item || 'id' in item))
      )
        out.push(here);
      else factsIn(item, here, out);
    });
    return;
  }
  if (!isObject(value)) return;
  if ('from' in value) {
    out.push(at);
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    if (PROSE.has(key)) continue;
    if (key === 'memberships' && isObject(child)) {
      for (const user of Object.keys(child))
        out.push(`${at}/memberships/${user}`);
      continue;
    }
    factsIn(child, `${at}/${key}`, out);
  }
}

/** Walks the entries of a list, splitting each one's keys into prose and facts; unknown keys are reported. */
function entries(
  file: string,
  list: Json,
  at: string,
  prose: ReadonlySet<string>,
  facts: ReadonlySet<string>,
  out: string[],
): void {
  (Array.isArray(list) ? list : []).forEach((entry, i) => {
    for (const [key, value] of Object.entries(isObject(entry) ? entry : {})) {
      const here = `${file}#${at}/${String(i)}/${key}`;
      if (prose.has(key)) continue;
      // An exact list ("exactly these kinds", possibly none) is one fact.
      if (EXACT_LISTS.has(key)) out.push(here);
      else if (facts.has(key)) factsIn(value, here, out);
      else out.push(`${here} (a key the coverage walker does not know)`);
    }
  });
}

function topLevel(
  file: string,
  doc: Json,
  prose: ReadonlySet<string>,
  facts: ReadonlySet<string>,
  out: string[],
): void {
  for (const key of Object.keys(isObject(doc) ? doc : {})) {
    if (!prose.has(key) && !facts.has(key))
      out.push(`${file}#/${key} (a key the coverage walker does not know)`);
  }
}

function kubehoundRaw(): string[] {
  const out: string[] = [];
  const doc = read(KUBEHOUND);
  topLevel(
    KUBEHOUND,
    doc,
    new Set([
      'schemaVersion',
      'title',
      'catalogVersion',
      'source',
      'cluster',
      'scaffold',
      'placement',
      'assumptions',
      'conventions',
      'summaryOfDeliberateDifferences',
    ]),
    new Set(['scenarios']),
    out,
  );
  entries(
    KUBEHOUND,
    isObject(doc) ? doc.scenarios : [],
    '/scenarios',
    new Set([
      'file',
      'kubehoundEdge',
      'summary',
      'kubehoundAsserts',
      'differences',
      'holderNote',
      'bindingNote',
      'versionNote',
    ]),
    new Set([
      'mustHave',
      'mustNotHave',
      'reachable',
      'notReachable',
      'exactOutgoing',
      'mayHave',
      'factVariants',
      'augmented',
      'augmentedInvalidToken',
      'findingsExpected',
      'roleInScopeTargets',
      'optionalMemberships',
    ]),
    out,
  );
  // cluster.nodes states which node is critical by default.
  const cluster = isObject(doc) && isObject(doc.cluster) ? doc.cluster : {};
  factsIn(cluster.nodes, `${KUBEHOUND}#/cluster/nodes`, out);
  return out;
}

function badPodsRaw(): string[] {
  const out: string[] = [];
  const doc = read(BADPODS);
  topLevel(
    BADPODS,
    doc,
    new Set([
      'schemaVersion',
      'title',
      'catalogVersion',
      'source',
      'input',
      'assumptions',
      'conventions',
    ]),
    new Set(['classes', 'summary']),
    out,
  );
  entries(
    BADPODS,
    isObject(doc) ? doc.classes : [],
    '/classes',
    new Set([
      'class',
      'file',
      'pod',
      'container',
      'relevantSpec',
      'notes',
      'badPodsSays',
    ]),
    new Set(['escapes', 'otherEdges', 'factVariants', 'augmented']),
    out,
  );
  const summary = isObject(doc) && isObject(doc.summary) ? doc.summary : {};
  for (const name of Object.keys(summary))
    out.push(`${BADPODS}#/summary/${name}`);
  return out;
}

function bootstrapRaw(): string[] {
  const out: string[] = [];
  const text = readFileSync(new URL(BOOTSTRAP, SHARED), 'utf8');
  let section: string | undefined;
  let header = true;
  for (const line of text.split('\n')) {
    const heading = /^## (\d+)\./.exec(line);
    if (heading !== null) {
      section = heading[1];
      continue;
    }
    if (section === undefined || section === '8') continue;
    if (line.startsWith('|')) {
      const first = line.replace(/^\|/, '').split('|')[0]?.trim() ?? '';
      if (/^-+$/.test(first)) {
        header = false;
        continue;
      }
      if (header) continue;
      out.push(`${BOOTSTRAP}#§${section}|${first}`);
    } else {
      header = true;
      if (line.startsWith('- '))
        out.push(`${BOOTSTRAP}#§${section}- ${line.slice(2, 42)}`);
      else if (line.startsWith('**'))
        out.push(
          `${BOOTSTRAP}#§${section}* ${/^\*\*(.+?)\*\*/.exec(line)?.[1] ?? line}`,
        );
    }
  }
  const json = JSON.parse(
    /```json\n([\s\S]*?)\n```/.exec(text)?.[1] ?? '{}',
  ) as Record<string, Json>;
  for (const [key, value] of Object.entries(json)) {
    if (['catalogVersion', 'input', 'assumptions'].includes(key)) continue;
    if (Array.isArray(value))
      value.forEach((_v, i) =>
        out.push(`${BOOTSTRAP}#json/${key}/${String(i)}`),
      );
    else if (isObject(value))
      for (const k of Object.keys(value))
        out.push(`${BOOTSTRAP}#json/${key}/${k}`);
    else
      out.push(
        `${BOOTSTRAP}#json/${key} (a key the coverage walker does not know)`,
      );
  }
  return out;
}

/** A fact is consumed by a case at its place or at an enclosing place (a whole list). */
function unconsumed(
  raw: readonly string[],
  places: ReadonlySet<string>,
): string[] {
  return raw.filter(p => {
    if (places.has(p)) return false;
    for (
      let cut = p.lastIndexOf('/');
      cut > p.indexOf('#');
      cut = p.lastIndexOf('/', cut - 1)
    )
      if (places.has(p.slice(0, cut))) return false;
    return true;
  });
}

describe('conformance coverage: every fact of the data is consumed by a test case', () => {
  const cases = [...kubehoundFacts(), ...badPodsFacts(), ...bootstrapFacts()];
  const places = new Set(cases.map(c => c.place));

  it.each([
    [KUBEHOUND, kubehoundRaw],
    [BADPODS, badPodsRaw],
    [BOOTSTRAP, bootstrapRaw],
  ] as const)('%s: no unconsumed fact', (file, raw) => {
    const facts = raw();
    expect(facts.length, `facts found in ${file}`).toBeGreaterThan(20);
    expect(unconsumed(facts, places)).toEqual([]);
    console.log(`${file}: ${String(facts.length)} facts, all consumed`);
  });

  it('would name the facts of a list no case consumes (here: notReachable)', () => {
    const without = new Set(
      [...places].filter(p => !p.includes('/notReachable/')),
    );
    const missed = unconsumed(kubehoundRaw(), without);
    expect(missed.length).toBe(46);
    expect(missed.every(p => p.includes('/notReachable/'))).toBe(true);
  });

  it('names every case after its fact, uniquely', () => {
    const names = cases.map(c => c.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it('consumes no place the data does not have', () => {
    const raw = new Set([
      ...kubehoundRaw(),
      ...badPodsRaw(),
      ...bootstrapRaw(),
    ]);
    const stale = [...places].filter(
      p => !raw.has(p) && ![...raw].some(r => r.startsWith(`${p}/`)),
    );
    expect(stale).toEqual([]);
  });
});
