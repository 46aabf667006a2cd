/**
 * Parses one text as multi-document YAML or as JSON, with the line and column
 * of every syntax error. JSON goes through JSON.parse (fast on large dumps);
 * only when it fails is the place of the error worked out.
 */

import { LineCounter, YAMLError, parseAllDocuments } from 'yaml';
import type { Document } from 'yaml';
import { InputError, lineColumnAt } from '../input-error.ts';
import type { InputPlace } from '../input-error.ts';
import { checkParseMemory } from '../input-limits.ts';
import { jsonProblem, yamlProblem } from '../parse-messages.ts';
import type { ParsedDocument } from './documents.ts';

export function looksLikeJson(text: string): boolean {
  const first = /\S/.exec(text);
  return first !== null && (first[0] === '{' || first[0] === '[');
}

export function parseJson(text: string, file: string): ParsedDocument[] {
  checkParseMemory(text, 'json', file);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw jsonError(text, file, error);
  }
  return [{ value, place: { file, line: 1, column: 1 }, document: 0 }];
}

const TRUNCATED =
  'invalid JSON: the file ends in the middle of a value (truncated?)';

function jsonError(text: string, file: string, error: unknown): InputError {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  if (position?.[1] !== undefined) {
    const offset = Number(position[1]);
    const { line, column } = lineColumnAt(text, offset);
    // V8 reports a cut-off file as an unterminated string or a bad last token.
    const atEnd = offset >= text.trimEnd().length - 1;
    return new InputError(
      { file, line, column },
      atEnd ? TRUNCATED : jsonProblem(message),
    );
  }
  if (/end of JSON input/i.test(message)) {
    const { line, column } = lineColumnAt(text, text.length);
    return new InputError({ file, line, column }, TRUNCATED);
  }
  return new InputError({ file }, jsonProblem(message));
}

export function parseYaml(text: string, file: string): ParsedDocument[] {
  checkParseMemory(text, 'yaml', file);
  const lineCounter = new LineCounter();
  const documents = deepGuard({ file }, () =>
    parseAllDocuments(text, {
      lineCounter,
      prettyErrors: false,
      // Duplicate keys: kubectl and the API server refuse them; never pick one.
      uniqueKeys: true,
    }),
  );
  const out: ParsedDocument[] = [];
  const list = Array.isArray(documents) ? documents : [documents];
  list.forEach((document, index) => {
    const problem = document.errors[0];
    if (problem) {
      const { line, col } = lineCounter.linePos(problem.pos[0]);
      throw new InputError(
        { file, line, column: col },
        yamlProblem(problem.code),
      );
    }
    if (document.contents === null) return;
    const { line, col } = lineCounter.linePos(document.contents.range[0]);
    const place = {
      file,
      line,
      column: col,
      path: `document ${String(index + 1)}`,
    };
    const value = toJs(document, place);
    // A document of only `---` or comments holds null: nothing to read.
    if (value === null || value === undefined) return;
    out.push({ value, place, document: index });
  });
  return out;
}

function toJs(document: Document.Parsed, place: InputPlace): unknown {
  return deepGuard(place, () => {
    try {
      return document.toJS({ maxAliasCount: 1000 }) as unknown;
    } catch (error) {
      // yaml throws plain ReferenceErrors for an alias bomb or a missing anchor.
      if (error instanceof YAMLError)
        throw new InputError(place, yamlProblem(error.code));
      if (error instanceof ReferenceError)
        throw new InputError(
          place,
          yamlProblem(
            /excessive alias/i.test(error.message)
              ? 'RESOURCE_EXHAUSTION'
              : 'BAD_ALIAS',
          ),
        );
      throw error;
    }
  });
}

/** A stack overflow in the parser (a document nested thousands deep) is bad input. */
function deepGuard<T>(place: InputPlace, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof RangeError)
      throw new InputError(place, 'invalid YAML: nested too deeply');
    throw error;
  }
}

export function parseText(text: string, file: string): ParsedDocument[] {
  return looksLikeJson(text) ? parseJson(text, file) : parseYaml(text, file);
}

/** A file of one YAML or JSON document (the policy file), read as inputs are. */
export function parseYamlDocument(text: string, file: string): unknown {
  const documents = parseText(text, file);
  const second = documents[1];
  if (second !== undefined)
    throw new InputError(
      second.place,
      'more than one YAML document; expected one',
    );
  return documents[0]?.value;
}
