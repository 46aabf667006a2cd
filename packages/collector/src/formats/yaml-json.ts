/**
 * Parses one text as multi-document YAML or as JSON, with the line and column
 * of every syntax error. JSON goes through JSON.parse (fast on large dumps);
 * only when it fails is the place of the error worked out.
 */

import { LineCounter, parseAllDocuments } from 'yaml';
import { InputError, lineColumnAt } from '../input-error.ts';
import type { ParsedDocument } from './documents.ts';

export function looksLikeJson(text: string): boolean {
  const first = /\S/.exec(text);
  return first !== null && (first[0] === '{' || first[0] === '[');
}

export function parseJson(text: string, file: string): ParsedDocument[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw jsonError(text, file, error);
  }
  return [{ value, place: { file, line: 1, column: 1 } }];
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
      atEnd ? TRUNCATED : `invalid JSON: ${stripPosition(message)}`,
    );
  }
  if (/end of JSON input/i.test(message)) {
    const { line, column } = lineColumnAt(text, text.length);
    return new InputError({ file, line, column }, TRUNCATED);
  }
  return new InputError({ file }, `invalid JSON: ${message}`);
}

function stripPosition(message: string): string {
  return message
    .replace(/\s*in JSON at position \d+.*$/, '')
    .replace(/\s*\(line \d+ column \d+\)$/, '');
}

export function parseYaml(text: string, file: string): ParsedDocument[] {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: false,
  });
  const out: ParsedDocument[] = [];
  const list = Array.isArray(documents) ? documents : [documents];
  list.forEach((document, index) => {
    const problem = document.errors[0];
    if (problem) {
      const { line, col } = lineCounter.linePos(problem.pos[0]);
      throw new InputError(
        { file, line, column: col },
        `invalid YAML: ${firstLine(problem.message)}`,
      );
    }
    if (document.contents === null) return;
    const value: unknown = document.toJS({ maxAliasCount: 1000 });
    // A document of only `---` or comments holds null: nothing to read.
    if (value === null || value === undefined) return;
    const { line, col } = lineCounter.linePos(document.contents.range[0]);
    out.push({
      value,
      place: { file, line, column: col, path: `document ${String(index + 1)}` },
    });
  });
  return out;
}

function firstLine(message: string): string {
  const newline = message.indexOf('\n');
  return (newline === -1 ? message : message.slice(0, newline)).replace(
    / at line \d+, column \d+:?$/,
    '',
  );
}

export function parseText(text: string, file: string): ParsedDocument[] {
  return looksLikeJson(text) ? parseJson(text, file) : parseYaml(text, file);
}
