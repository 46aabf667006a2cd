/** The shape every command of the `chokepoint` table has. */

import type { ParseArgsConfig } from 'node:util';
import type { Confidence } from '@chokepoint/model';
import { UsageError } from './errors.ts';
import type { Io } from './io.ts';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  readonly values: Record<
    string,
    string | boolean | (string | boolean)[] | undefined
  >;
  readonly positionals: readonly string[];
}

/**
 * A command's line in the command table (command-table.ts): what the main
 * help lists, and how to load the rest. `--version` and `--help` load no
 * command module, and a command loads only its own libraries.
 */
export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  readonly load: () => Promise<Command>;
}

/** What a command module declares: its help, its options and what it does. */
export interface Command {
  readonly usage: string;
  /** Option lines and examples shown by `chokepoint COMMAND --help`. */
  readonly help: string;
  readonly options: OptionSpec;
  readonly run: (args: ParsedArgs, io: Io) => Promise<number>;
}

export function stringOption(
  args: ParsedArgs,
  name: string,
): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** `--format`: one of `allowed`, else bad usage (exit 2). */
export function formatArg(
  args: ParsedArgs,
  allowed: readonly string[],
  fallback: string,
): string {
  const format = stringOption(args, 'format') ?? fallback;
  if (!allowed.includes(format)) {
    throw new UsageError(
      `--format must be one of ${allowed.join(', ')} (got "${format}")`,
    );
  }
  return format;
}

const CONFIDENCES: readonly Confidence[] = ['low', 'medium', 'high'];

/** `--min-confidence`: low (the default), medium or high. */
export function minConfidenceArg(args: ParsedArgs): Confidence {
  const value = stringOption(args, 'min-confidence') ?? 'low';
  const found = CONFIDENCES.find(c => c === value);
  if (found === undefined)
    throw new UsageError(
      `--min-confidence must be low, medium or high (got "${value}")`,
    );
  return found;
}
