/**
 * Reads offline inputs (files, directories read recursively, `-` for standard
 * input) into one Snapshot: multi-document YAML, JSON objects and
 * `kubectl get -o json` Lists, KubeHound dump directories, and Chokepoint
 * snapshot files. Unknown kinds are kept; the last of two copies of an
 * object wins, with a warning. Every object is redacted on the way in.
 *
 * A file named on the command line must be valid; a file met while walking a
 * folder that holds no Kubernetes object (a Helm chart's files, a
 * kustomization, any other YAML) is skipped with a warning, as repository
 * folders hold such files beside manifests (cli-contract, Inputs). Symlinked
 * files and folders are followed; a folder met again (a loop) is not.
 * Namespaced objects without a namespace land in `namespace`, as with
 * `kubectl apply -n`.
 */

import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve, sep } from 'node:path';
import {
  ANALYSED_KINDS,
  SNAPSHOT_FORMAT,
  SNAPSHOT_SCHEMA_VERSION,
} from '@chokepoint/model';
import type {
  CollectionGap,
  KubeObject,
  Snapshot,
  SnapshotSource,
} from '@chokepoint/model';
import { InputError } from './input-error.ts';
import { namespaceHint } from './namespace-hint.ts';
import { collectObjects } from './formats/documents.ts';
import type { DocumentsResult, ParsedDocument } from './formats/documents.ts';
import { parseJson, parseText, looksLikeJson } from './formats/yaml-json.ts';
import {
  dumpClusterName,
  dumpKindOfFile,
  isKubehoundDump,
} from './formats/kubehound-dump.ts';
import {
  chartReason,
  isChartFolder,
  isKustomization,
  kustomizationPatches,
  kustomizationReason,
  patchReason,
} from './formats/repository-files.ts';
import { DEFAULT_MAX_INPUT_BYTES, tooLarge } from './input-limits.ts';
import { STDIN_NAME, fsProblem, readInputFile } from './input-text.ts';
import { emptyRedactionCounts, redact } from './redact.ts';
import { checkSnapshotEnvelope } from './snapshot-envelope.ts';
import { partialSnapshot } from './collect-access.ts';
import {
  formatInvalid,
  invalidObjectsError,
  takeInvalidObjects,
} from './validation/check-objects.ts';
import type { InvalidObject } from './validation/check-objects.ts';
import { RESOURCES } from './resources.ts';
import type { RedactionCounts } from './redact.ts';

export interface ReadInputsOptions {
  /** Standard input, read no further than `maxBytes` (input-text.ts readInputStream). */
  readonly readStdin: (maxBytes: number) => Promise<string>;
  /** Bytes one file or standard input may hold (default DEFAULT_MAX_INPUT_BYTES). */
  readonly maxInputBytes?: number;
  /** Leave out objects the API server would refuse, with a warning, instead of exit 2. */
  readonly skipInvalid?: boolean;
  /** Overrides the cluster name found in the input. */
  readonly clusterName?: string;
  readonly now: () => Date;
  /** `chokepoint <version>`, recorded in the snapshot. */
  readonly tool: string;
  /** Called before each file is parsed. */
  readonly onProgress?: (progress: ReadProgress) => void;
  /**
   * Namespace of namespaced objects that name none (`-n/--namespace`, as
   * `kubectl apply -n`); `default` when unset.
   */
  readonly namespace?: string;
}

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

export interface ReadProgress {
  readonly file: string;
  /** Files read before this one, and the objects they held. */
  readonly files: number;
  readonly objects: number;
}

/** Where an object was read: its file, and the line its document starts on (1 when unknown). */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
}

export interface ReadResult {
  readonly snapshot: Snapshot;
  /** The input place of each object, by `kind|namespace|name` (see `locationKey`). */
  readonly locations: ReadonlyMap<string, SourceLocation>;
}

export function locationKey(
  kind: string,
  namespace: string | undefined,
  name: string,
): string {
  return `${kind}|${namespace ?? ''}|${name}`;
}

interface Loaded {
  object: KubeObject;
  file: string;
  line: number;
}

class Reader {
  readonly objects = new Map<string, Loaded>();
  readonly sources: SnapshotSource[] = [];
  readonly warnings: string[] = [];
  readonly gaps: CollectionGap[] = [];
  readonly invalid: InvalidObject[] = [];
  readonly unchecked = new Set<string>();
  readonly counts: RedactionCounts = emptyRedactionCounts();
  clusterName: string | undefined;
  serverVersion: string | undefined;
  liveSnapshots = 0;
  otherInputs = 0;
  skippedFiles = 0;
  defaultedObjects = 0;
  /** ServiceAccounts among them, by name: bindings may expect them elsewhere. */
  readonly defaultedAccounts = new Set<string>();
  /** Real paths of the folders and files read, so that a loop or a second link is read once. */
  private readonly visited = new Map<string, string>();

  private readonly options: ReadInputsOptions;

  constructor(options: ReadInputsOptions) {
    this.options = options;
  }

  get maxBytes(): number {
    return this.options.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES;
  }

  async readInput(input: string): Promise<void> {
    if (input === '-') {
      const text = await this.options.readStdin(this.maxBytes);
      if (Buffer.byteLength(text) > this.maxBytes)
        throw tooLarge(STDIN_NAME, 'standard input is', this.maxBytes);
      if (text.trim() === '')
        throw new InputError({ file: STDIN_NAME }, 'standard input is empty');
      this.readText(text, STDIN_NAME, true);
      return;
    }
    let info;
    try {
      info = await stat(input);
    } catch (error) {
      throw new InputError({ file: input }, fsProblem(error));
    }
    if (info.isDirectory()) {
      const before = this.sources.length;
      const skippedBefore = this.skippedFiles;
      await this.readDirectory(input, undefined);
      if (this.sources.length === before) {
        const skipped = this.skippedFiles - skippedBefore;
        throw new InputError(
          { file: input },
          skipped === 0
            ? 'the directory holds no .yaml, .yml or .json file'
            : `the directory holds no Kubernetes objects: ${String(skipped)} file${skipped === 1 ? '' : 's'} skipped (see the warnings; render charts and kustomizations first)`,
        );
      }
    } else {
      this.visited.set(await realPath(input), input);
      await this.readFileAt(input, true);
    }
  }

  private skip(path: string, reason: string): void {
    this.skippedFiles++;
    this.warnings.push(`${path}: skipped: ${reason}`);
  }

  /** True when the real path was read before (a symlink loop, or a second link to it). */
  private async seen(path: string): Promise<boolean> {
    const real = await realPath(path);
    const first = this.visited.get(real);
    if (first !== undefined) {
      this.warnings.push(
        `${path}: not read again: it is ${first === path ? 'a loop back to itself' : `the same as ${first}`} (symlinks)`,
      );
      return true;
    }
    this.visited.set(real, path);
    return false;
  }

  /**
   * @param chart the Helm chart folder this one lies in, if any: every file
   *   of a chart is an input to `helm template`, none an object.
   */
  private async readDirectory(
    dir: string,
    chart: string | undefined,
    patches: ReadonlySet<string> = new Set(),
  ): Promise<void> {
    if (await this.seen(dir)) return;
    let entries;
    try {
      entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
        a.name < b.name ? -1 : 1,
      );
    } catch (error) {
      throw new InputError({ file: dir }, fsProblem(error));
    }
    const names = entries.map(entry => entry.name);
    if (chart === undefined && isKubehoundDump(names)) {
      await this.readDump(dir);
      return;
    }
    const inChart = chart ?? (isChartFolder(names) ? dir : undefined);
    const kustomization = entries.find(entry => isKustomization(entry.name));
    const patchFiles = new Set(patches);
    if (kustomization !== undefined && inChart === undefined) {
      const path = join(dir, kustomization.name);
      for (const patch of kustomizationPatches(
        await readInputFile(path, this.maxBytes),
        dir,
      ))
        patchFiles.add(resolve(patch));
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        let target;
        try {
          target = await stat(path);
        } catch {
          this.warnings.push(
            `${path}: skipped: a symlink to nothing (its target does not exist)`,
          );
          continue;
        }
        isDirectory = target.isDirectory();
        isFile = target.isFile();
      }
      if (isDirectory) {
        await this.readDirectory(path, inChart, patchFiles);
        continue;
      }
      if (!isFile) continue;
      const manifest = MANIFEST_EXTENSIONS.has(
        extname(entry.name).toLowerCase(),
      );
      if (entry.name === kustomization?.name && inChart === undefined) {
        this.skip(path, kustomizationReason(dir));
      } else if (!manifest) {
        continue;
      } else if (inChart !== undefined) {
        this.skip(path, chartReason(inChart));
      } else if (patchFiles.has(resolve(path))) {
        this.skip(path, patchReason(dirname(path)));
      } else if (!(await this.seen(path))) {
        await this.readFileAt(path, false);
      }
    }
  }

  private async readDump(dir: string, top = dir): Promise<void> {
    const entries = (await readdir(dir, { withFileTypes: true })).sort(
      (a, b) => (a.name < b.name ? -1 : 1),
    );
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        await this.readDump(path, top);
        continue;
      }
      if (!entry.isFile() || extname(entry.name) !== '.json') continue;
      const text = await readInputFile(path, this.maxBytes);
      if (dir === top && entry.name === 'metadata.json') {
        this.clusterName ??= dumpClusterName(parseJson(text, path)[0]?.value);
        continue;
      }
      if (text.trim() === '') {
        this.warnings.push(`${path}: empty file skipped`);
        continue;
      }
      const result: DocumentsResult = { objects: [], origins: [] };
      collectObjects(parseJson(text, path), result, dumpKindOfFile(path));
      this.check(result, text, 'json');
      this.addObjects(result, path, 'kubehound-dump');
    }
  }

  private async readFileAt(path: string, named: boolean): Promise<void> {
    const text = await readInputFile(path, this.maxBytes);
    if (text.trim() === '') {
      if (named) throw new InputError({ file: path }, 'the file is empty');
      this.skip(path, 'the file is empty');
      return;
    }
    this.readText(text, path, named);
  }

  private readText(text: string, file: string, named: boolean): void {
    this.options.onProgress?.({
      file,
      files: this.sources.length,
      objects: this.objects.size,
    });
    let documents;
    try {
      documents = parseText(text, file);
    } catch (error) {
      // A file found while walking that does not parse is no manifest (a
      // template, a config file): skipped. Named files must be valid.
      if (named || !(error instanceof InputError)) throw error;
      this.skip(file, `not a Kubernetes manifest: ${error.message}`);
      return;
    }
    const first = documents[0]?.value;
    if (documents.length === 1 && isSnapshot(first)) {
      this.readSnapshot(first, file, text);
      return;
    }
    const result: DocumentsResult = { objects: [], origins: [] };
    if (!named && !documents.some(isObjectDocument)) {
      // Not one document is a Kubernetes object: another YAML file (values,
      // configuration), not a broken manifest.
      const problem = checkDocuments(documents);
      this.skip(
        file,
        problem === undefined
          ? 'it holds no Kubernetes objects'
          : `not a Kubernetes manifest: ${problem}`,
      );
      return;
    }
    collectObjects(documents, result);
    const invalid = this.check(
      result,
      text,
      looksLikeJson(text) ? 'json' : 'yaml',
    );
    if (result.serverVersion !== undefined)
      this.serverVersion ??= result.serverVersion;
    if (
      result.objects.length === 0 &&
      invalid.length === 0 &&
      named &&
      result.serverVersion === undefined
    ) {
      throw new InputError({ file }, 'no Kubernetes objects in the input');
    }
    this.addObjects(
      result,
      file,
      looksLikeJson(text) ? 'kubectl-list' : 'manifests',
    );
  }

  /**
   * Takes out the objects the API server would refuse (validation/); a
   * snapshot file's objects are minimal, so only their types are checked.
   */
  private check(
    result: DocumentsResult,
    text: string,
    format: 'yaml' | 'json',
    snapshot = false,
  ): readonly InvalidObject[] {
    const { invalid, unchecked } = takeInvalidObjects(
      result,
      text,
      format,
      snapshot,
    );
    this.invalid.push(...invalid);
    for (const version of unchecked) this.unchecked.add(version);
    return invalid;
  }

  private readSnapshot(
    value: Record<string, unknown>,
    file: string,
    text: string,
  ): void {
    if (value.schemaVersion !== SNAPSHOT_SCHEMA_VERSION) {
      throw new InputError(
        { file, path: 'schemaVersion' },
        `snapshot schemaVersion ${JSON.stringify(value.schemaVersion)} is not supported (this version reads ${String(SNAPSHOT_SCHEMA_VERSION)})`,
      );
    }
    const snapshot = checkSnapshotEnvelope(value, file);
    const objects: KubeObject[] = [];
    const result: DocumentsResult = { objects, origins: [] };
    for (const [kind, list] of Object.entries(snapshot.objects)) {
      collectObjects(
        list.map((item: unknown, index) => ({
          value: item,
          place: { file, path: `objects.${kind}[${String(index)}]` },
          path: ['objects', kind, index],
        })),
        result,
      );
    }
    this.check(result, text, 'json', true);
    this.clusterName ??= snapshot.cluster.name;
    this.serverVersion ??= snapshot.cluster.serverVersion;
    this.gaps.push(...snapshot.collection.gaps);
    const { warning } = partialSnapshot(snapshot.collection.gaps);
    if (warning !== undefined) this.warnings.push(`${file}: ${warning}`);
    if (snapshot.collection.method === 'live') this.liveSnapshots++;
    else this.otherInputs++;
    this.addObjects(result, file, 'snapshot', false);
  }

  private addObjects(
    { objects, origins }: DocumentsResult,
    file: string,
    format: SnapshotSource['format'],
    countAsOffline = true,
  ): void {
    if (countAsOffline) this.otherInputs++;
    for (const [i, raw] of objects.entries()) {
      const placed = withDefaultNamespace(raw, this.options.namespace);
      if (placed !== raw) {
        this.defaultedObjects++;
        if (raw.kind === 'ServiceAccount')
          this.defaultedAccounts.add(raw.metadata.name);
      }
      const object = redact(placed, this.counts);
      const key = objectKey(object);
      const previous = this.objects.get(key);
      if (previous) {
        this.warnings.push(
          `${file}: ${describeObject(object)} replaces the copy read from ${previous.file}`,
        );
      }
      const line = origins[i]?.place.line ?? 1;
      this.objects.set(key, { object, file, line });
    }
    this.sources.push({ path: file, format, objects: objects.length });
  }

  locations(): Map<string, SourceLocation> {
    const out = new Map<string, SourceLocation>();
    for (const { object, file, line } of this.objects.values()) {
      const { namespace, name } = object.metadata;
      out.set(locationKey(object.kind, namespace, name), { file, line });
    }
    return out;
  }

  snapshot(inputs: readonly string[]): Snapshot {
    // A Map, not an object: a kind such as `constructor` is data, not a property of Object.
    const byKind = new Map<string, KubeObject[]>();
    for (const { object } of this.objects.values()) {
      const list = byKind.get(object.kind);
      if (list === undefined) byKind.set(object.kind, [object]);
      else list.push(object);
    }
    const objects: Record<string, KubeObject[]> = {};
    for (const kind of [...byKind.keys()].sort()) {
      objects[kind] = (byKind.get(kind) ?? []).sort(compareObjects);
    }
    const serverVersion = this.serverVersion;
    const hint = namespaceHint({
      objects,
      placedIn: this.options.namespace ?? 'default',
      defaultedAccounts: this.defaultedAccounts,
    });
    const warnings =
      hint === undefined ? this.warnings : [...this.warnings, hint];
    return {
      format: SNAPSHOT_FORMAT,
      schemaVersion: SNAPSHOT_SCHEMA_VERSION,
      cluster: {
        name:
          this.options.clusterName ??
          this.clusterName ??
          defaultClusterName(inputs),
        ...(serverVersion === undefined ? {} : { serverVersion }),
      },
      collection: {
        collectedAt: this.options.now().toISOString(),
        method:
          this.liveSnapshots > 0 && this.otherInputs === 0 ? 'live' : 'offline',
        tool: this.options.tool,
        sources: this.sources,
        missingKinds: ANALYSED_KINDS.filter(kind => !(kind in objects)),
        gaps: this.gaps,
        redacted: { ...this.counts },
        warnings,
        ...(this.skippedFiles === 0 ? {} : { skippedFiles: this.skippedFiles }),
        ...(this.defaultedObjects === 0
          ? {}
          : {
              defaultedNamespace: {
                namespace: this.options.namespace ?? 'default',
                objects: this.defaultedObjects,
              },
            }),
      },
      objects,
    };
  }
}

export async function readInputs(
  inputs: readonly string[],
  options: ReadInputsOptions,
): Promise<Snapshot> {
  return (await readInputsLocated(inputs, options)).snapshot;
}

/** `readInputs`, and where each object was read (kept beside the snapshot, not in it). */
export async function readInputsLocated(
  inputs: readonly string[],
  options: ReadInputsOptions,
): Promise<ReadResult> {
  if (inputs.length === 0)
    throw new InputError({ file: '<arguments>' }, 'no INPUT given');
  const reader = new Reader(options);
  for (const input of inputs) await reader.readInput(input);
  for (const version of reader.unchecked) {
    reader.warnings.push(
      `${version} objects were not checked against a schema: Chokepoint has the schemas of the served versions only`,
    );
  }
  if (reader.invalid.length > 0) {
    if (options.skipInvalid !== true) throw invalidObjectsError(reader.invalid);
    for (const invalid of reader.invalid)
      reader.warnings.push(`skipped invalid object: ${formatInvalid(invalid)}`);
  }
  return { snapshot: reader.snapshot(inputs), locations: reader.locations() };
}

/**
 * `kubectl apply` puts a namespaced object without a namespace into the
 * namespace `-n` names, else the context's, `default` unless told otherwise;
 * live objects always carry one, so offline input is given the same shape.
 * An object that names its namespace keeps it (kubectl would refuse a
 * mismatch; inputs here often mix several components).
 */
function withDefaultNamespace(
  object: KubeObject,
  namespace = 'default',
): KubeObject {
  const current = object.metadata.namespace;
  if (current !== undefined && current !== '') return object;
  const resource = RESOURCES.find(
    res => res.kind === object.kind && res.group === groupOf(object.apiVersion),
  );
  if (!resource?.namespaced) return object;
  return { ...object, metadata: { ...object.metadata, namespace } };
}

/**
 * A document with a kind and a name (an object, or a List of them), or the
 * output of `kubectl version -o json`.
 */
function isObjectDocument({ value }: ParsedDocument): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return false;
  const record = value as Record<string, unknown>;
  if ('clientVersion' in record && 'serverVersion' in record) return true;
  if (typeof record.kind !== 'string' || record.kind === '') return false;
  if (Array.isArray(record.items)) return true;
  const metadata = record.metadata;
  return (
    typeof metadata === 'object' &&
    metadata !== null &&
    typeof (metadata as Record<string, unknown>).name === 'string'
  );
}

/** Why the documents are not Kubernetes objects, in collectObjects' words. */
function checkDocuments(
  documents: readonly ParsedDocument[],
): string | undefined {
  try {
    collectObjects(documents, { objects: [], origins: [] });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

async function realPath(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    throw new InputError({ file: path }, fsProblem(error));
  }
}

function isSnapshot(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<string, unknown>).format === SNAPSHOT_FORMAT
  );
}

function groupOf(apiVersion: string | undefined): string {
  if (apiVersion === undefined) return '';
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

function objectKey(object: KubeObject): string {
  return `${groupOf(object.apiVersion)}|${object.kind}|${object.metadata.namespace ?? ''}|${object.metadata.name}`;
}

function describeObject(object: KubeObject): string {
  const { namespace, name } = object.metadata;
  return `${object.kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

function compareObjects(a: KubeObject, b: KubeObject): number {
  const na = a.metadata.namespace ?? '';
  const nb = b.metadata.namespace ?? '';
  if (na !== nb) return na < nb ? -1 : 1;
  if (a.metadata.name !== b.metadata.name)
    return a.metadata.name < b.metadata.name ? -1 : 1;
  const ga = a.apiVersion ?? '';
  const gb = b.apiVersion ?? '';
  return ga < gb ? -1 : ga > gb ? 1 : 0;
}

/**
 * One input: its name without extension. Several: the folder they share
 * (`prod/ingress prod/argocd` is the cluster `prod`), not the first one's
 * name, which would title a report after one component.
 */
function defaultClusterName(inputs: readonly string[]): string {
  const files = inputs.filter(input => input !== '-');
  const first = files[0];
  if (first === undefined) return 'stdin';
  if (files.length === 1) {
    const base = basename(first.replace(/\/+$/, ''));
    const ext = extname(base);
    return (ext ? base.slice(0, -ext.length) : base) || 'cluster';
  }
  return (
    basename(commonFolder(files.map(input => resolve(input)))) || 'cluster'
  );
}

function commonFolder(paths: readonly string[]): string {
  const parts = paths.map(path => dirname(path).split(sep));
  const shared: string[] = [];
  for (let i = 0; ; i++) {
    const part = parts[0]?.[i];
    if (part === undefined || parts.some(p => p[i] !== part)) break;
    shared.push(part);
  }
  return shared.join(sep);
}
