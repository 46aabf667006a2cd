/**
 * The one error type for bad input. The CLI maps it to exit code 2 and prints
 * its message alone (no stack): `file:line:column: what is wrong`. Control
 * characters in the message (a file or object name is input too) are escaped.
 */

import { escapeControls, escapeControlsKeepLines } from './safe-text.ts';

export interface InputPlace {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  /** A JSON path or document number when no line is known, e.g. `items[3]`. */
  readonly path?: string;
}

export class InputError extends Error {
  override readonly name = 'InputError';
  readonly place: InputPlace;

  constructor(place: InputPlace, problem: string) {
    super(`${formatPlace(place)}: ${escapeControlsKeepLines(problem)}`);
    this.place = place;
  }
}

export function formatPlace({ file, line, column, path }: InputPlace): string {
  let where = escapeControls(file);
  if (line !== undefined) where += `:${String(line)}`;
  if (line !== undefined && column !== undefined) where += `:${String(column)}`;
  if (path !== undefined) where += ` (${escapeControls(path)})`;
  return where;
}

/** 1-based line and column of a character offset. */
export function lineColumnAt(
  text: string,
  offset: number,
): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}
