export { readInputs } from './read-inputs.ts';
export type { ReadInputsOptions } from './read-inputs.ts';
export { InputError, formatPlace } from './input-error.ts';
export type { InputPlace } from './input-error.ts';
export { LAST_APPLIED, redact } from './redact.ts';
export { RESOURCES } from './resources.ts';
export type { ResourceInfo } from './resources.ts';
export { writeSnapshot } from './write-snapshot.ts';
