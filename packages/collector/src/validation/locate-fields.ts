/**
 * The line and column of fields in a text already parsed once, for messages
 * about invalid objects: the parse that built the objects keeps no positions
 * (JSON.parse has none, and YAML's are dropped with its syntax tree), so the
 * text is read again, only when something is wrong. A field that is missing
 * is placed at the nearest enclosing field that exists.
 */

import { visit } from 'jsonc-parser';
import { LineCounter, isNode, parseAllDocuments } from 'yaml';

export interface FieldTarget {
  /** Index of the document in the text (YAML `---`; 0 for JSON). */
  readonly document: number;
  readonly path: readonly (string | number)[];
}

export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

function prefixes(path: readonly (string | number)[]): (string | number)[][] {
  const out: (string | number)[][] = [];
  for (let n = path.length; n >= 0; n--) out.push(path.slice(0, n));
  return out;
}

export function locateFields(
  text: string,
  format: 'yaml' | 'json',
  targets: readonly FieldTarget[],
): (TextPosition | undefined)[] {
  try {
    return format === 'json'
      ? locateJson(text, targets)
      : locateYaml(text, targets);
  } catch (error) {
    // Both parsers recurse: input nested thousands deep overflows the stack.
    // The objects' own places are still known; only the finer one is lost.
    if (error instanceof RangeError) return targets.map(() => undefined);
    throw error;
  }
}

function locateYaml(
  text: string,
  targets: readonly FieldTarget[],
): (TextPosition | undefined)[] {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, {
    lineCounter,
    prettyErrors: false,
  });
  const list = Array.isArray(documents) ? documents : [documents];
  return targets.map(({ document, path }) => {
    const parsed = list[document];
    if (parsed === undefined) return undefined;
    for (const prefix of prefixes(path)) {
      const node: unknown =
        prefix.length === 0 ? parsed.contents : parsed.getIn(prefix, true);
      if (isNode(node) && node.range) {
        const { line, col } = lineCounter.linePos(node.range[0]);
        return { line, column: col };
      }
    }
    return undefined;
  });
}

function locateJson(
  text: string,
  targets: readonly FieldTarget[],
): (TextPosition | undefined)[] {
  const wanted = new Map<string, TextPosition | undefined>();
  for (const { path } of targets)
    for (const prefix of prefixes(path))
      wanted.set(JSON.stringify(prefix), undefined);
  const found = (
    startLine: number,
    startCharacter: number,
    pathSupplier: () => (string | number)[],
  ): void => {
    const key = JSON.stringify(pathSupplier());
    if (wanted.has(key) && wanted.get(key) === undefined)
      wanted.set(key, { line: startLine + 1, column: startCharacter + 1 });
  };
  visit(text, {
    onObjectBegin: (_offset, _length, line, column, path) => {
      found(line, column, path);
    },
    onArrayBegin: (_offset, _length, line, column, path) => {
      found(line, column, path);
    },
    onLiteralValue: (_value, _offset, _length, line, column, path) => {
      found(line, column, path);
    },
  });
  return targets.map(({ path }) => {
    for (const prefix of prefixes(path)) {
      const position = wanted.get(JSON.stringify(prefix));
      if (position !== undefined) return position;
    }
    return undefined;
  });
}
