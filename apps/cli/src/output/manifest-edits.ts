/**
 * A fix as a text edit of the manifest file that holds the object, for
 * SARIF `fixes` (a code-review tool shows and applies them). The edit is the
 * smallest one the YAML syntax tree allows: a changed scalar is replaced in
 * place, keeping the file's comments and layout; only where the patch adds a
 * key or changes a list's length is the nearest enclosing collection
 * rewritten. Patches are JSON merge patches (RFC 7386), as the engine's.
 */

import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  stringify,
} from 'yaml';
import type { Node } from 'yaml';
import { mergePatch } from '@chokepoint/engine';

/** Replace `length` characters at `offset` of the original text with `text`. */
export interface Replacement {
  readonly offset: number;
  readonly length: number;
  readonly text: string;
}

type Json = unknown;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The node of the document whose contents start on `line` (1-based). */
function documentNode(source: string, line: number): Node | undefined {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(source, {
    lineCounter,
    uniqueKeys: false,
  });
  if (!Array.isArray(documents)) return undefined;
  for (const document of documents) {
    const contents = document.contents;
    if (contents === null || document.errors.length > 0) continue;
    if (lineCounter.linePos(contents.range[0]).line === line) return contents;
  }
  return undefined;
}

function scalarText(value: Json): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** The collection `node` holding `value`, written where `node` stands. */
function rewrite(source: string, node: Node, value: Json): Replacement {
  const [start, end] = node.range ?? [0, 0];
  let text: string;
  if (!isMap(node) && !isSeq(node)) text = scalarText(value);
  else if (node.flow === true)
    text = stringify(value, { collectionStyle: 'flow' }).trimEnd();
  else {
    // Block style, indented to the column the collection starts at.
    const column = start - (source.lastIndexOf('\n', start - 1) + 1);
    text = stringify(value, { indent: 2 })
      .trimEnd()
      .split('\n')
      .map((line, i) => (i === 0 ? line : `${' '.repeat(column)}${line}`))
      .join('\n');
  }
  // A block collection's range runs over the line break after it: keep it.
  const trailing = /\s*$/.exec(source.slice(start, end))?.[0] ?? '';
  if (
    (isMap(node) || isSeq(node)) &&
    node.flow !== true &&
    /^(\[\]|\{\})$/.test(text)
  ) {
    // An empty collection is written in flow style, after its key's colon.
    let from = start;
    while (from > 0 && /\s/.test(source.charAt(from - 1))) from--;
    return { offset: from, length: end - from, text: ` ${text}${trailing}` };
  }
  return { offset: start, length: end - start, text: text + trailing };
}

const lineStart = (source: string, offset: number): number =>
  source.lastIndexOf('\n', offset - 1) + 1;

/** A new `key: value` at the end of a block map, at its keys' indentation. */
function insertPair(
  source: string,
  map: Node,
  key: string,
  value: Json,
): Replacement {
  const [start, end] = map.range ?? [0, 0];
  const indent = ' '.repeat(start - lineStart(source, start));
  const lines = stringify({ [key]: value }, { indent: 2 })
    .trimEnd()
    .split('\n')
    .map(line => `${indent}${line}\n`)
    .join('');
  const text = source.charAt(end - 1) === '\n' ? lines : `\n${lines}`;
  return { offset: end, length: 0, text };
}

function edits(
  source: string,
  node: Node,
  patch: Json,
  out: Replacement[],
): void {
  if (isMap(node) && isRecord(patch)) {
    const whole = (): void => {
      out.push(rewrite(source, node, mergePatch(node.toJSON(), patch)));
    };
    const pairs = Object.entries(patch).map(([key, value]) => ({
      key,
      value,
      pair: node.items.find(p => isScalar(p.key) && p.key.value === key),
    }));
    // Keys added or removed in a flow map: write the map again.
    if (
      node.flow === true &&
      pairs.some(p => p.value === null || p.pair === undefined)
    ) {
      whole();
      return;
    }
    const changes: Replacement[] = [];
    for (const { key, value, pair } of pairs) {
      if (pair === undefined) {
        if (value !== null) changes.push(insertPair(source, node, key, value));
        continue;
      }
      const keyNode = pair.key as Node;
      const [keyStart = 0, , keyEnd = 0] = keyNode.range ?? [];
      const from = lineStart(source, keyStart);
      const child: unknown = pair.value;
      if (value === null) {
        // The pair's lines go, when nothing else shares them (not `- key:`).
        if (source.slice(from, keyStart).trim() !== '') {
          whole();
          return;
        }
        const end = (child as Node | null)?.range?.[2] ?? keyEnd;
        changes.push({ offset: from, length: end - from, text: '' });
      } else if (isScalar(child) || isMap(child) || isSeq(child)) {
        edits(source, child, value, changes);
      } else {
        whole();
        return;
      }
    }
    out.push(...changes);
    return;
  }
  if (
    isSeq(node) &&
    Array.isArray(patch) &&
    patch.length === node.items.length
  ) {
    patch.forEach((value, i) => {
      const child = node.items[i];
      if (isScalar(child) || isMap(child) || isSeq(child))
        edits(source, child, value, out);
    });
    return;
  }
  if (isScalar(node) && !isRecord(patch) && !Array.isArray(patch)) {
    if (node.value !== patch) {
      const [start, valueEnd] = node.range ?? [0, 0];
      out.push({
        offset: start,
        length: valueEnd - start,
        text: scalarText(patch),
      });
    }
    return;
  }
  out.push(rewrite(source, node, mergePatch(node.toJSON(), patch)));
}

/**
 * The replacements that apply `patch` to the object whose document starts on
 * `line` of the YAML `source`, in offset order; undefined when no such
 * document is there (a JSON input, a changed file).
 */
export function patchEdits(
  source: string,
  line: number,
  patch: Readonly<Record<string, unknown>>,
): Replacement[] | undefined {
  const node = documentNode(source, line);
  if (node === undefined) return undefined;
  const out: Replacement[] = [];
  edits(source, node, patch, out);
  return out.sort((a, b) => a.offset - b.offset);
}

/** The replacement that empties the document starting on `line` (an object deleted). */
export function deleteEdit(
  source: string,
  line: number,
): Replacement | undefined {
  const node = documentNode(source, line);
  if (node?.range === undefined || node.range === null) return undefined;
  const [start, , end] = node.range;
  return { offset: start, length: end - start, text: '' };
}
