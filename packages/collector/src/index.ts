export { locationKey, readInputs, readInputsLocated } from './read-inputs.ts';
export type {
  ReadInputsOptions,
  ReadProgress,
  ReadResult,
  SourceLocation,
} from './read-inputs.ts';
export { InputError, formatPlace } from './input-error.ts';
export type { InputPlace } from './input-error.ts';
export {
  DEFAULT_MAX_INPUT_BYTES,
  MAX_INPUT_BYTES_CEILING,
  MAX_INPUT_ENV,
  formatBytes,
  parseByteSize,
} from './input-limits.ts';
export { readInputFile, readInputStream } from './input-text.ts';
export { parseYamlDocument } from './formats/yaml-json.ts';
export { escapeControls, safeName } from './safe-text.ts';
export { LAST_APPLIED, redact } from './redact.ts';
export { RESOURCES, resourceName } from './resources.ts';
export type { ResourceInfo } from './resources.ts';
export { writeSnapshot } from './write-snapshot.ts';
export {
  keepsField,
  minimiseObject,
  minimiseSnapshot,
} from './minimal/minimise.ts';
export { generateCluster, seededRandom } from './generate.ts';
export type { GenerateOptions } from './generate.ts';
export {
  ClusterAuthError,
  ClusterUnreachableError,
  collect,
} from './collect.ts';
export type {
  CollectOptions,
  CollectProgress,
  CollectResult,
  CollectStats,
} from './collect.ts';
export type { KubeConfigSource } from './collect-config.ts';
export { TECHNIQUES_BY_KIND } from './collect-access.ts';
export type { AccessReview } from './collect-access.ts';
export type { HttpOptions } from './collect-http.ts';
