/**
 * Errors the CLI maps to the exit codes of cli-contract.md: 2 for bad usage
 * and bad input (InputError from the collector), 3 for runtime failures.
 */

export const EXIT = { ok: 0, failOn: 1, badInput: 2, runtime: 3 } as const;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export class RuntimeFailure extends Error {
  override readonly name = 'RuntimeFailure';
}
