/** The shape every command of the `chokepoint` table has. */

import type { ParseArgsConfig } from 'node:util';
import type { Io } from './io.ts';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  readonly values: Record<
    string,
    string | boolean | (string | boolean)[] | undefined
  >;
  readonly positionals: readonly string[];
}

export interface Command {
  readonly name: string;
  readonly summary: string;
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
