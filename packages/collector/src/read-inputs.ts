/**
 * Reads offline inputs (files, directories read recursively, `-` for standard
 * input) into one Snapshot: multi-document YAML, JSON objects and
 * `kubectl get -o json` Lists, KubeHound dump directories, and Chokepoint
 * snapshot files. Unknown kinds are kept; the last of two copies of an
 * object wins, with a warning. Every object is redacted on the way in.
 */

import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
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
import { collectObjects } from './formats/documents.ts';
import type { DocumentsResult } from './formats/documents.ts';
import { parseJson, parseText, looksLikeJson } from './formats/yaml-json.ts';
import {
  dumpClusterName,
  dumpKindOfFile,
  isKubehoundDump,
} from './formats/kubehound-dump.ts';
import { emptyRedactionCounts, redact } from './redact.ts';
import { RESOURCES } from './resources.ts';
import type { RedactionCounts } from './redact.ts';

export interface ReadInputsOptions {
  readonly readStdin: () => Promise<string>;
  /** Overrides the cluster name found in the input. */
  readonly clusterName?: string;
  readonly now: () => Date;
  /** `chokepoint <version>`, recorded in the snapshot. */
  readonly tool: string;
  readonly onProgress?: (message: string) => void;
}

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

interface Loaded {
  object: KubeObject;
  file: string;
}

class Reader {
  readonly objects = new Map<string, Loaded>();
  readonly sources: SnapshotSource[] = [];
  readonly warnings: string[] = [];
  readonly gaps: CollectionGap[] = [];
  readonly counts: RedactionCounts = emptyRedactionCounts();
  clusterName: string | undefined;
  serverVersion: string | undefined;
  liveSnapshots = 0;
  otherInputs = 0;

  private readonly options: ReadInputsOptions;

  constructor(options: ReadInputsOptions) {
    this.options = options;
  }

  async readInput(input: string): Promise<void> {
    if (input === '-') {
      const text = await this.options.readStdin();
      if (text.trim() === '')
        throw new InputError({ file: '<stdin>' }, 'standard input is empty');
      this.readText(text, '<stdin>', true);
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
      await this.readDirectory(input);
      if (this.sources.length === before) {
        throw new InputError(
          { file: input },
          'the directory holds no .yaml, .yml or .json file',
        );
      }
    } else {
      await this.readFileAt(input, true);
    }
  }

  private async readDirectory(dir: string): Promise<void> {
    let entries;
    try {
      entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
        a.name < b.name ? -1 : 1,
      );
    } catch (error) {
      throw new InputError({ file: dir }, fsProblem(error));
    }
    if (isKubehoundDump(entries.map(entry => entry.name))) {
      await this.readDump(dir);
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await this.readDirectory(path);
      else if (
        entry.isFile() &&
        MANIFEST_EXTENSIONS.has(extname(entry.name).toLowerCase())
      ) {
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
      const text = await readText(path);
      if (dir === top && entry.name === 'metadata.json') {
        this.clusterName ??= dumpClusterName(parseJson(text, path)[0]?.value);
        continue;
      }
      if (text.trim() === '') {
        this.warnings.push(`${path}: empty file skipped`);
        continue;
      }
      const result: DocumentsResult = { objects: [] };
      collectObjects(parseJson(text, path), result, dumpKindOfFile(path));
      this.addObjects(result.objects, path, 'kubehound-dump');
    }
  }

  private async readFileAt(path: string, named: boolean): Promise<void> {
    const text = await readText(path);
    if (text.trim() === '') {
      if (named) throw new InputError({ file: path }, 'the file is empty');
      this.warnings.push(`${path}: empty file skipped`);
      return;
    }
    this.readText(text, path, named);
  }

  private readText(text: string, file: string, named: boolean): void {
    this.options.onProgress?.(`reading ${file}`);
    const documents = parseText(text, file);
    const first = documents[0]?.value;
    if (documents.length === 1 && isSnapshot(first)) {
      this.readSnapshot(first, file);
      return;
    }
    const result: DocumentsResult = { objects: [] };
    collectObjects(documents, result);
    if (result.serverVersion !== undefined)
      this.serverVersion ??= result.serverVersion;
    if (
      result.objects.length === 0 &&
      named &&
      result.serverVersion === undefined
    ) {
      throw new InputError({ file }, 'no Kubernetes objects in the input');
    }
    this.addObjects(
      result.objects,
      file,
      looksLikeJson(text) ? 'kubectl-list' : 'manifests',
    );
  }

  private readSnapshot(value: Record<string, unknown>, file: string): void {
    if (value.schemaVersion !== SNAPSHOT_SCHEMA_VERSION) {
      throw new InputError(
        { file, path: 'schemaVersion' },
        `snapshot schemaVersion ${JSON.stringify(value.schemaVersion)} is not supported (this version reads ${String(SNAPSHOT_SCHEMA_VERSION)})`,
      );
    }
    for (const field of ['objects', 'cluster', 'collection']) {
      const part = value[field];
      if (typeof part !== 'object' || part === null || Array.isArray(part)) {
        throw new InputError(
          { file, path: field },
          `a snapshot must have an "${field}" object`,
        );
      }
    }
    const snapshot = value as unknown as Snapshot;
    const objects: KubeObject[] = [];
    const result: DocumentsResult = { objects };
    for (const [kind, list] of Object.entries(snapshot.objects)) {
      if (!Array.isArray(list)) {
        throw new InputError(
          { file, path: `objects.${kind}` },
          'must be an array of objects',
        );
      }
      collectObjects(
        list.map((item: unknown, index) => ({
          value: item,
          place: { file, path: `objects.${kind}[${String(index)}]` },
        })),
        result,
      );
    }
    this.clusterName ??= snapshot.cluster.name;
    this.serverVersion ??= snapshot.cluster.serverVersion;
    this.gaps.push(...snapshot.collection.gaps);
    if (snapshot.collection.method === 'live') this.liveSnapshots++;
    else this.otherInputs++;
    this.addObjects(objects, file, 'snapshot', false);
  }

  private addObjects(
    objects: readonly KubeObject[],
    file: string,
    format: SnapshotSource['format'],
    countAsOffline = true,
  ): void {
    if (countAsOffline) this.otherInputs++;
    for (const raw of objects) {
      const object = redact(withDefaultNamespace(raw), this.counts);
      const key = objectKey(object);
      const previous = this.objects.get(key);
      if (previous) {
        this.warnings.push(
          `${file}: ${describeObject(object)} replaces the copy read from ${previous.file}`,
        );
      }
      this.objects.set(key, { object, file });
    }
    this.sources.push({ path: file, format, objects: objects.length });
  }

  snapshot(inputs: readonly string[]): Snapshot {
    const byKind: Record<string, KubeObject[]> = {};
    for (const { object } of this.objects.values())
      (byKind[object.kind] ??= []).push(object);
    const objects: Record<string, KubeObject[]> = {};
    for (const kind of Object.keys(byKind).sort()) {
      objects[kind] = (byKind[kind] ?? []).sort(compareObjects);
    }
    const serverVersion = this.serverVersion;
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
        warnings: this.warnings,
      },
      objects,
    };
  }
}

export async function readInputs(
  inputs: readonly string[],
  options: ReadInputsOptions,
): Promise<Snapshot> {
  if (inputs.length === 0)
    throw new InputError({ file: '<arguments>' }, 'no INPUT given');
  const reader = new Reader(options);
  for (const input of inputs) await reader.readInput(input);
  return reader.snapshot(inputs);
}

/**
 * `kubectl apply` puts a namespaced object without a namespace into the
 * context's namespace, `default` unless told otherwise; live objects always
 * carry one, so offline input is given the same shape.
 */
function withDefaultNamespace(object: KubeObject): KubeObject {
  if (object.metadata.namespace !== undefined) return object;
  const resource = RESOURCES.find(
    res => res.kind === object.kind && res.group === groupOf(object.apiVersion),
  );
  if (!resource?.namespaced) return object;
  return { ...object, metadata: { ...object.metadata, namespace: 'default' } };
}

function isSnapshot(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<string, unknown>).format === SNAPSHOT_FORMAT
  );
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError({ file: path }, fsProblem(error));
  }
}

function fsProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return error instanceof Error ? error.message : String(error);
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

function defaultClusterName(inputs: readonly string[]): string {
  const first = inputs[0];
  if (first === undefined || first === '-') return 'stdin';
  const base = basename(first.replace(/\/+$/, ''));
  const ext = extname(base);
  return (ext ? base.slice(0, -ext.length) : base) || 'cluster';
}
