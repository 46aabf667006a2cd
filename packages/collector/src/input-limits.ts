/**
 * Bounds on what one input may cost, so hostile or mistaken input ends in a
 * clear exit 2 naming the input instead of filling the memory: a byte limit
 * on every file and on standard input (`--max-input-size`, or the
 * CHOKEPOINT_MAX_INPUT_SIZE environment variable), and, before a text is
 * parsed, an estimate of the heap the parse needs against what this process
 * may still use (V8 aborts the whole process when its heap is full; it cannot
 * be caught). The estimates are upper bounds measured on the worst shapes
 * (docs/snapshot.md, "Limits").
 */

import { getHeapStatistics } from 'node:v8';
import { InputError } from './input-error.ts';

export const DEFAULT_MAX_INPUT_BYTES = 256 * 1024 * 1024;
/** V8 holds no string longer than 0x1fffffe8 characters: a larger input cannot be parsed at all. */
export const MAX_INPUT_BYTES_CEILING = 500 * 1024 * 1024;
export const MAX_INPUT_ENV = 'CHOKEPOINT_MAX_INPUT_SIZE';

const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

/**
 * `1048576`, `64M`, `64MiB`, `1.5G` (binary units) -> bytes; undefined when
 * the text is not a size or is outside 1 byte..MAX_INPUT_BYTES_CEILING.
 */
export function parseByteSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (match === null) return undefined;
  const unit = UNITS[(match[2] ?? '').toLowerCase()];
  if (unit === undefined) return undefined;
  const bytes = Math.floor(Number(match[1]) * unit);
  return bytes >= 1 && bytes <= MAX_INPUT_BYTES_CEILING ? bytes : undefined;
}

/** `268435456` -> `256 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  if (bytes >= 1024 ** 2) {
    const mib = bytes / 1024 ** 2;
    return `${Number.isInteger(mib) ? String(mib) : mib.toFixed(1)} MiB`;
  }
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${String(bytes)} bytes`;
}

/** `${what} over the 256 MiB input limit (how to raise it)`, exit 2. */
export function tooLarge(
  file: string,
  what: string,
  limit: number,
): InputError {
  return new InputError(
    { file },
    `${what} over the ${formatBytes(limit)} input limit (--max-input-size or ${MAX_INPUT_ENV} raises it, up to ${formatBytes(MAX_INPUT_BYTES_CEILING)})`,
  );
}

/*
 * Heap per character, measured with yaml 2.9 and V8 11 (docs/snapshot.md).
 * Live after a full GC, YAML holds up to 219 bytes per structural character
 * (newline, `,`, `[`, `{`, `:`, `-`), 26 bytes per byte on ordinary
 * manifests; but the parse itself needs more at its peak: a flow sequence of
 * 150k items needs a heap of 120-150 MiB, of 300k items 200-260 MiB (about
 * 870 bytes per structural character). JSON.parse needs up to 67 bytes per
 * object or array plus the text itself, 2.5 bytes per byte on kubectl output.
 */
const YAML_BYTES_PER_INDICATOR = 1024;
const JSON_BYTES_PER_CONTAINER = 80;
const TEXT_BYTES_PER_CHAR = 2;
/** Keep a quarter of the heap for what the reader holds and the analysis after it. */
const HEAP_SHARE = 0.75;

function availableHeap(): number {
  const { heap_size_limit: limit, used_heap_size: used } = getHeapStatistics();
  return (limit - used) * HEAP_SHARE;
}

function countYamlIndicators(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // \n , [ { : -
    if (c === 10 || c === 44 || c === 91 || c === 123 || c === 58 || c === 45)
      count++;
  }
  return count;
}

function countJsonContainers(text: string): number {
  let count = 0;
  for (const char of ['{', '[']) {
    for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1))
      count++;
  }
  return count;
}

/**
 * Refuses (exit 2) a text whose parse could exhaust the heap. Counting is
 * skipped when even the worst case fits, so ordinary inputs pay nothing.
 */
export function checkParseMemory(
  text: string,
  format: 'yaml' | 'json',
  file: string,
  available: number = availableHeap(),
): void {
  const perChar =
    format === 'yaml' ? YAML_BYTES_PER_INDICATOR : JSON_BYTES_PER_CONTAINER;
  const base = text.length * TEXT_BYTES_PER_CHAR;
  if (base + text.length * perChar <= available) return;
  const units =
    format === 'yaml' ? countYamlIndicators(text) : countJsonContainers(text);
  const needed = base + units * perChar;
  if (needed <= available) return;
  const advice =
    format === 'yaml'
      ? 'give it as JSON (kubectl get -o json), split it into smaller files,'
      : 'split it into smaller files';
  throw new InputError(
    { file },
    `parsing this ${formatBytes(text.length)} of ${format === 'yaml' ? 'YAML' : 'JSON'} may need up to ${formatBytes(needed)} of memory, more than the ${formatBytes(available)} this process can spare: ${advice} or raise Node's heap limit (NODE_OPTIONS=--max-old-space-size=MB)`,
  );
}
