/**
 * Live collection (architecture.md, collector): walks the RESOURCES table
 * against a cluster and returns a redacted Snapshot of the raw API objects.
 * Every list is paginated (`limit` + `continue`) and restarted when its
 * continue token expires (410); a few lists run in parallel under the HTTP
 * client's concurrency and rate limits (collect-http.ts). A 403 or 404 on one
 * resource is recorded as a gap, not a failure, and the snapshot's warnings
 * say which techniques are blind because of it, with what
 * SelfSubjectRulesReview says the identity may list. Secret values and
 * ConfigMap values are never requested: Secrets come as a Table of metadata
 * and type, ConfigMaps as metadata only, except kube-system/aws-auth.
 */

import {
  ANALYSED_KINDS,
  SNAPSHOT_FORMAT,
  SNAPSHOT_SCHEMA_VERSION,
} from '@chokepoint/model';
import type { CollectionGap, KubeObject, Snapshot } from '@chokepoint/model';
import { mayList, partialSnapshot, reviewAccess } from './collect-access.ts';
import type { AccessReview } from './collect-access.ts';
import { connect } from './collect-config.ts';
import type { Connection, KubeConfigSource } from './collect-config.ts';
import { ApiError, KubeHttp, TransportError } from './collect-http.ts';
import type { HttpOptions } from './collect-http.ts';
import { emptyRedactionCounts, redact } from './redact.ts';
import { RESOURCES, apiVersionOf, resourceName } from './resources.ts';
import type { ResourceInfo } from './resources.ts';

export interface CollectOptions extends KubeConfigSource {
  /** Only these namespaces, for namespaced resources (default: all). */
  readonly namespaces?: readonly string[];
  /** `limit` of every list request. */
  readonly pageSize?: number;
  readonly http?: Partial<HttpOptions>;
  /** Overrides the kubeconfig's cluster name. */
  readonly clusterName?: string;
  /** `chokepoint <version>`, recorded in the snapshot. */
  readonly tool: string;
  readonly now: () => Date;
  readonly onProgress?: (progress: CollectProgress) => void;
}

export interface CollectProgress {
  readonly done: number;
  readonly total: number;
  /** The list that just finished or paged. */
  readonly resource: string;
  readonly objects: number;
  readonly requests: number;
  readonly retries: number;
}

export interface CollectStats {
  readonly durationMs: number;
  readonly requests: number;
  readonly retries: number;
  readonly retriesBy: Readonly<Record<string, number>>;
  readonly pages: number;
  /** Lists restarted because their continue token expired (410). */
  readonly restarts: number;
  readonly objects: number;
}

export interface CollectResult {
  readonly snapshot: Snapshot;
  readonly stats: CollectStats;
  /** Technique -> kinds whose gaps blind it (empty when nothing is missing). */
  readonly blind: Readonly<Record<string, readonly string[]>>;
  /** SelfSubjectRulesReview of the collecting identity. */
  readonly access: AccessReview;
  readonly server: string;
}

/** The API server could not be reached at all (CLI exit 3). */
export class ClusterUnreachableError extends Error {
  override readonly name = 'ClusterUnreachableError';
  readonly server: string;

  constructor(server: string, message: string) {
    super(message);
    this.server = server;
  }
}

/** The API server rejected the credentials (401) (CLI exit 3). */
export class ClusterAuthError extends Error {
  override readonly name = 'ClusterAuthError';
}

const TABLE = 'application/json;as=Table;g=meta.k8s.io;v=v1,application/json';
const METADATA =
  'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';
/** How each kind is requested; the rest come whole. */
const FETCH_MODE: Readonly<Record<string, 'table' | 'metadata'>> = {
  Secret: 'table',
  ConfigMap: 'metadata',
};
const MAX_RESTARTS = 3;
const MAX_PAGES = 100_000;
const MAX_FALLBACK_NAMESPACES = 500;

interface ListTask {
  readonly resource: ResourceInfo;
  /** Served version (the table's, or the group's preferred one). */
  readonly version: string;
  /** Absent: cluster-wide. */
  readonly namespace?: string;
}

interface ListPage {
  readonly items: KubeObject[];
  readonly continueToken: string | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function listPath(task: ListTask): string {
  const { resource, version, namespace } = task;
  const base =
    resource.group === ''
      ? `/api/${version}`
      : `/apis/${resource.group}/${version}`;
  return namespace === undefined
    ? `${base}/${resource.plural}`
    : `${base}/namespaces/${encodeURIComponent(namespace)}/${resource.plural}`;
}

function withKind(
  raw: unknown,
  resource: ResourceInfo,
  version: string,
): KubeObject | undefined {
  if (!isRecord(raw) || !isRecord(raw.metadata)) return undefined;
  if (typeof raw.metadata.name !== 'string') return undefined;
  const apiVersion =
    resource.group === '' ? version : `${resource.group}/${version}`;
  return { ...raw, apiVersion, kind: resource.kind } as unknown as KubeObject;
}

/** Items of a List, a PartialObjectMetadataList, or a Table of objects. */
function pageOf(body: unknown, task: ListTask): ListPage {
  if (!isRecord(body)) throw new Error('the list response is not an object');
  const meta = isRecord(body.metadata) ? body.metadata : {};
  const token =
    typeof meta.continue === 'string' && meta.continue !== ''
      ? meta.continue
      : undefined;
  const items: KubeObject[] = [];
  if (body.kind === 'Table') {
    const columns = Array.isArray(body.columnDefinitions)
      ? body.columnDefinitions
      : [];
    const typeColumn = columns.findIndex(c => isRecord(c) && c.name === 'Type');
    for (const row of Array.isArray(body.rows) ? body.rows : []) {
      if (!isRecord(row) || !isRecord(row.object)) continue;
      const cells = Array.isArray(row.cells) ? row.cells : [];
      const cell: unknown = typeColumn === -1 ? undefined : cells[typeColumn];
      const object = withKind(
        {
          metadata: row.object.metadata,
          ...(typeof cell === 'string' ? { type: cell } : {}),
        },
        task.resource,
        task.version,
      );
      if (object) items.push(object);
    }
  } else {
    for (const raw of Array.isArray(body.items) ? body.items : []) {
      const object = withKind(raw, task.resource, task.version);
      if (object) items.push(object);
    }
  }
  return { items, continueToken: token };
}

interface ServedGroups {
  /** group -> served versions and the preferred one; undefined: unknown. */
  readonly groups:
    | ReadonlyMap<string, { versions: Set<string>; preferred: string }>
    | undefined;
}

async function discover(client: KubeHttp): Promise<ServedGroups> {
  try {
    const body = await client.getJson('/apis');
    const groups = new Map<
      string,
      { versions: Set<string>; preferred: string }
    >();
    const list =
      isRecord(body) && Array.isArray(body.groups) ? body.groups : [];
    for (const group of list) {
      if (!isRecord(group) || typeof group.name !== 'string') continue;
      const versions = new Set<string>();
      for (const v of Array.isArray(group.versions) ? group.versions : [])
        if (isRecord(v) && typeof v.version === 'string')
          versions.add(v.version);
      const preferred =
        isRecord(group.preferredVersion) &&
        typeof group.preferredVersion.version === 'string'
          ? group.preferredVersion.version
          : ([...versions][0] ?? '');
      groups.set(group.name, { versions, preferred });
    }
    return { groups };
  } catch {
    return { groups: undefined };
  }
}

/** The version to list a resource at, or undefined when the group is not served. */
function servedVersion(
  resource: ResourceInfo,
  served: ServedGroups,
): string | undefined {
  if (resource.group === '' || served.groups === undefined)
    return resource.version;
  const group = served.groups.get(resource.group);
  if (group === undefined) return undefined;
  return group.versions.has(resource.version)
    ? resource.version
    : group.preferred;
}

function describeError(error: unknown): { code?: number; message: string } {
  if (error instanceof ApiError)
    return { code: error.code, message: error.message };
  return { message: error instanceof Error ? error.message : String(error) };
}

class Collection {
  readonly objects = new Map<string, KubeObject[]>();
  readonly gaps: CollectionGap[] = [];
  readonly warnings: string[] = [];
  readonly counts = emptyRedactionCounts();
  pages = 0;
  restarts = 0;
  done = 0;
  total = 0;
  transportFailures = 0;
  awsAuth: KubeObject | undefined;
  #namespaceReviews = new Map<string, Promise<AccessReview>>();

  readonly client: KubeHttp;
  readonly options: CollectOptions;
  readonly namespaceList: Promise<string[] | undefined>;

  constructor(
    client: KubeHttp,
    options: CollectOptions,
    namespaceList: Promise<string[] | undefined>,
  ) {
    this.client = client;
    this.options = options;
    this.namespaceList = namespaceList;
  }

  add(kind: string, items: readonly KubeObject[]): void {
    const list = this.objects.get(kind) ?? [];
    for (const item of items) list.push(redact(item, this.counts));
    this.objects.set(kind, list);
  }

  progress(resource: string): void {
    const count = [...this.objects.values()].reduce((n, l) => n + l.length, 0);
    this.options.onProgress?.({
      done: this.done,
      total: this.total,
      resource,
      objects: count,
      requests: this.client.stats.requests,
      retries: this.client.stats.retries,
    });
  }

  /** Every page of one list; restarted from the start on 410 Expired. */
  async listAll(task: ListTask): Promise<KubeObject[]> {
    const accept =
      FETCH_MODE[task.resource.kind] === 'table'
        ? TABLE
        : FETCH_MODE[task.resource.kind] === 'metadata'
          ? METADATA
          : 'application/json';
    const limit = String(this.options.pageSize ?? 500);
    const extra: Record<string, string> =
      FETCH_MODE[task.resource.kind] === 'table'
        ? { includeObject: 'Metadata' }
        : {};
    for (let restart = 0; ; restart++) {
      const items: KubeObject[] = [];
      let token: string | undefined;
      try {
        for (let page = 0; page < MAX_PAGES; page++) {
          const query: Record<string, string> = { ...extra, limit };
          if (token !== undefined) query.continue = token;
          const body = await this.client.getJson(listPath(task), query, accept);
          const parsed = pageOf(body, task);
          this.pages++;
          items.push(...parsed.items);
          token = parsed.continueToken;
          if (token === undefined) return items;
          if (page % 10 === 9) this.progress(resourceName(task.resource));
        }
        throw new Error(`more than ${String(MAX_PAGES)} pages`);
      } catch (error) {
        if (
          error instanceof ApiError &&
          error.code === 410 &&
          token !== undefined &&
          restart < MAX_RESTARTS
        ) {
          this.restarts++;
          continue;
        }
        throw error;
      }
    }
  }

  namespaceReview(namespace: string): Promise<AccessReview> {
    let review = this.#namespaceReviews.get(namespace);
    if (review === undefined) {
      review = reviewAccess(this.client, namespace);
      this.#namespaceReviews.set(namespace, review);
    }
    return review;
  }

  gap(task: ListTask, error: unknown, note = ''): void {
    const { code, message } = describeError(error);
    if (error instanceof TransportError) this.transportFailures++;
    this.gaps.push({
      resource: resourceName(task.resource),
      ...(task.namespace === undefined ? {} : { namespace: task.namespace }),
      ...(code === undefined ? {} : { code }),
      message: `${message}${note}`,
    });
  }

  async run(task: ListTask): Promise<void> {
    const name = resourceName(task.resource);
    try {
      this.add(task.resource.kind, await this.listAll(task));
    } catch (error) {
      if (
        error instanceof ApiError &&
        error.code === 403 &&
        task.namespace === undefined &&
        task.resource.namespaced
      ) {
        await this.perNamespace(task, error);
      } else if (
        error instanceof ApiError &&
        error.code === 404 &&
        task.namespace !== undefined
      ) {
        // A namespace given with --namespace that does not exist: nothing to list.
        this.warnings.push(
          `${name} in namespace ${task.namespace}: not found (404)`,
        );
      } else {
        this.gap(task, error);
      }
    } finally {
      this.done++;
      this.progress(name);
    }
  }

  /**
   * A cluster-wide list was refused: list the namespaces where the rules
   * review says RoleBindings allow it; the gap names the rest.
   */
  private async perNamespace(task: ListTask, refusal: ApiError): Promise<void> {
    const namespaces = await this.namespaceList;
    if (
      namespaces === undefined ||
      namespaces.length > MAX_FALLBACK_NAMESPACES
    ) {
      this.gap(task, refusal);
      return;
    }
    const allowed: string[] = [];
    for (const namespace of namespaces) {
      if (mayList(await this.namespaceReview(namespace), task.resource))
        allowed.push(namespace);
    }
    const listed: string[] = [];
    for (const namespace of allowed) {
      try {
        this.add(
          task.resource.kind,
          await this.listAll({ ...task, namespace }),
        );
        listed.push(namespace);
      } catch (error) {
        this.gap({ ...task, namespace }, error);
      }
    }
    this.gap(
      task,
      refusal,
      listed.length === 0
        ? ''
        : ` (listed instead in namespace${listed.length === 1 ? '' : 's'} ${listed.join(', ')}, where RoleBindings allow it)`,
    );
  }
}

function compareObjects(a: KubeObject, b: KubeObject): number {
  const na = a.metadata.namespace ?? '';
  const nb = b.metadata.namespace ?? '';
  if (na !== nb) return na < nb ? -1 : 1;
  const ma = a.metadata.name;
  const mb = b.metadata.name;
  return ma < mb ? -1 : ma > mb ? 1 : 0;
}

async function serverVersion(
  client: KubeHttp,
  connection: Connection,
): Promise<string | undefined> {
  try {
    // Few retries: an unreachable cluster should fail fast (exit 3).
    const body = await client.getJson('/version', {}, 'application/json', 2);
    return isRecord(body) && typeof body.gitVersion === 'string'
      ? body.gitVersion
      : undefined;
  } catch (error) {
    const server = connection.server.origin;
    if (error instanceof TransportError) {
      throw new ClusterUnreachableError(
        server,
        `cannot reach the API server at ${server} (${error.message})`,
      );
    }
    if (error instanceof ApiError && error.code === 401) {
      throw new ClusterAuthError(
        `the API server at ${server} rejected the credentials of context "${connection.contextName}" (401 ${error.message})`,
      );
    }
    return undefined; // 403 on /version: carry on, the lists tell more.
  }
}

function blindWarnings(
  gaps: readonly CollectionGap[],
  access: AccessReview,
): { blind: Record<string, string[]>; warnings: string[] } {
  const warnings: string[] = [];
  for (const gap of gaps) {
    const resource = RESOURCES.find(r => resourceName(r) === gap.resource);
    const where =
      gap.namespace === undefined ? '' : ` in namespace ${gap.namespace}`;
    let review = '';
    if (resource && access.error === undefined && gap.code === 403) {
      review = mayList(access, resource)
        ? '; SelfSubjectRulesReview said it may list them'
        : `; SelfSubjectRulesReview (namespace ${access.namespace}) confirms it may not list them`;
    }
    warnings.push(
      `could not read ${gap.resource}${where}${gap.code === undefined ? '' : ` (${String(gap.code)})`}: ${gap.message}${review}`,
    );
  }
  const { blind, warning } = partialSnapshot(gaps);
  if (warning !== undefined) warnings.push(warning);
  return { blind, warnings };
}

export async function collect(options: CollectOptions): Promise<CollectResult> {
  const started = Date.now();
  const connection = await connect(options);
  const client = new KubeHttp(connection, options.http);
  try {
    const version = await serverVersion(client, connection);
    const served = await discover(client);
    const selected =
      options.namespaces === undefined || options.namespaces.length === 0
        ? undefined
        : [...new Set(options.namespaces)].sort();
    const access = await reviewAccess(client, selected?.[0] ?? 'default');

    const tasks: ListTask[] = [];
    const warnings: string[] = [];
    for (const resource of RESOURCES) {
      const v = servedVersion(resource, served);
      if (v === undefined) continue; // Group not served: nothing of it exists.
      if (v !== resource.version) {
        warnings.push(
          `${resourceName(resource)} listed at ${resource.group}/${v} (the cluster does not serve ${apiVersionOf(resource)})`,
        );
      }
      if (resource.namespaced && selected !== undefined) {
        for (const namespace of selected)
          tasks.push({ resource, version: v, namespace });
      } else {
        tasks.push({ resource, version: v });
      }
    }

    const namespaceTask = tasks.find(t => t.resource.kind === 'Namespace');
    let resolveNamespaces: (names: string[] | undefined) => void = () =>
      undefined;
    const namespaceList = new Promise<string[] | undefined>(resolve => {
      resolveNamespaces = resolve;
    });
    const collection = new Collection(client, options, namespaceList);
    collection.total = tasks.length + 1;
    collection.warnings.push(...warnings);

    const runNamespaceTask = async (): Promise<void> => {
      if (namespaceTask) await collection.run(namespaceTask);
      const names = collection.objects
        .get('Namespace')
        ?.map(n => n.metadata.name);
      resolveNamespaces(names);
    };
    await Promise.all([
      runNamespaceTask(),
      ...tasks.filter(t => t !== namespaceTask).map(t => collection.run(t)),
      awsAuth(collection),
    ]);
    if (collection.transportFailures === tasks.length) {
      throw new ClusterUnreachableError(
        connection.server.origin,
        `lost the API server at ${connection.server.origin}: every list failed`,
      );
    }

    if (selected !== undefined) {
      const keep = new Set(selected);
      const ns = collection.objects.get('Namespace');
      if (ns)
        collection.objects.set(
          'Namespace',
          ns.filter(n => keep.has(n.metadata.name)),
        );
      collection.warnings.push(
        `collection limited to namespace${selected.length === 1 ? '' : 's'} ${selected.join(', ')}: namespaced objects elsewhere are not in the snapshot`,
      );
    }

    const { awsAuth: fullAwsAuth } = collection;
    if (fullAwsAuth !== undefined) {
      const others = (collection.objects.get('ConfigMap') ?? []).filter(
        c =>
          !(
            c.metadata.namespace === 'kube-system' &&
            c.metadata.name === 'aws-auth'
          ),
      );
      collection.objects.set('ConfigMap', [...others, fullAwsAuth]);
    }
    const objects: Record<string, KubeObject[]> = {};
    for (const kind of [...collection.objects.keys()].sort()) {
      const list = collection.objects.get(kind) ?? [];
      if (list.length > 0) objects[kind] = list.sort(compareObjects);
    }
    const gaps = collection.gaps.sort((a, b) =>
      `${a.resource}/${a.namespace ?? ''}` <
      `${b.resource}/${b.namespace ?? ''}`
        ? -1
        : 1,
    );
    const { blind, warnings: gapWarnings } = blindWarnings(gaps, access);
    if (access.incomplete && access.error === undefined) {
      collection.warnings.push(
        'SelfSubjectRulesReview is incomplete (another authorizer is in play): its answers are hints only',
      );
    }
    const count = Object.values(objects).reduce((n, l) => n + l.length, 0);
    const snapshot: Snapshot = {
      format: SNAPSHOT_FORMAT,
      schemaVersion: SNAPSHOT_SCHEMA_VERSION,
      cluster: {
        name: options.clusterName ?? connection.clusterName,
        ...(version === undefined ? {} : { serverVersion: version }),
      },
      collection: {
        collectedAt: options.now().toISOString(),
        method: 'live',
        tool: options.tool,
        sources: [],
        missingKinds: ANALYSED_KINDS.filter(kind => !(kind in objects)),
        gaps,
        redacted: { ...collection.counts },
        warnings: [...collection.warnings, ...gapWarnings],
      },
      objects,
    };
    return {
      snapshot,
      blind,
      access,
      server: connection.server.origin,
      stats: {
        durationMs: Date.now() - started,
        requests: client.stats.requests,
        retries: client.stats.retries,
        retriesBy: { ...client.stats.retriesBy },
        pages: collection.pages,
        restarts: collection.restarts,
        objects: count,
      },
    };
  } finally {
    client.close();
  }
}

/**
 * kube-system/aws-auth whole (the AWS_AUTH_PATCH and CLOUD_MAPS_TO rules read
 * it), listed by name with a field selector so that the collector needs
 * `list` only, never `get` (deploy/).
 */
async function awsAuth(collection: Collection): Promise<void> {
  const resource = RESOURCES.find(r => r.kind === 'ConfigMap');
  const selected = collection.options.namespaces;
  if (
    resource === undefined ||
    (selected !== undefined &&
      selected.length > 0 &&
      !selected.includes('kube-system'))
  ) {
    collection.done++;
    return;
  }
  const task: ListTask = { resource, version: 'v1', namespace: 'kube-system' };
  try {
    const body = await collection.client.getJson(
      '/api/v1/namespaces/kube-system/configmaps',
      { fieldSelector: 'metadata.name=aws-auth' },
    );
    const items = isRecord(body) && Array.isArray(body.items) ? body.items : [];
    const object = withKind(items[0], resource, 'v1');
    if (object) collection.awsAuth = redact(object, collection.counts);
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 404)) {
      collection.gap(task, error, ' (kube-system/aws-auth)');
    }
  } finally {
    collection.done++;
    collection.progress('configmaps/aws-auth');
  }
}
