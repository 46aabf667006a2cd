/**
 * Builds the engine's assumed bootstrap policy (catalog 4.5) from the
 * conformance copy of upstream's
 * `plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata/*.yaml`. Shared by
 * `scripts/gen-bootstrap-rbac.ts`, which writes `src/rbac/bootstrap-policy.json`,
 * and by the test that regenerates it, so the committed file cannot drift.
 * It lives here because `yaml` is a devDependency of this package only.
 */

import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { KubeObject } from '@chokepoint/model';

/** `<repo>/../shared/...`: CI clones the repository beside `shared/`. */
export const BOOTSTRAP_SOURCE_DIR = new URL(
  '../../../../../shared/conformance/k8s-bootstrap-rbac/',
  import.meta.url,
);

/** In SOURCE.md order: roles before the bindings that reference them. */
export const BOOTSTRAP_FILES = [
  'cluster-roles.yaml',
  'cluster-role-bindings.yaml',
  'controller-roles.yaml',
  'controller-role-bindings.yaml',
  'namespace-roles.yaml',
  'namespace-role-bindings.yaml',
] as const;

export interface BootstrapPolicyFile {
  readonly source: {
    readonly project: string;
    readonly directory: string;
    readonly license: string;
    readonly copyright: string;
    readonly files: readonly {
      readonly file: string;
      readonly commit: string;
    }[];
    readonly generatedBy: string;
    readonly dropped: readonly string[];
  };
  readonly objects: readonly KubeObject[];
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every item of the six Lists, as parsed, in file order. */
export function readBootstrapObjects(
  dir: URL = BOOTSTRAP_SOURCE_DIR,
): KubeObject[] {
  const out: KubeObject[] = [];
  for (const file of BOOTSTRAP_FILES) {
    const list: unknown = parse(readFileSync(new URL(file, dir), 'utf8'));
    if (!isRecord(list) || !Array.isArray(list.items)) {
      throw new Error(`gen-bootstrap-rbac: ${file} is not a List`);
    }
    for (const item of list.items) {
      if (
        !isRecord(item) ||
        typeof item.kind !== 'string' ||
        !isRecord(item.metadata) ||
        typeof item.metadata.name !== 'string'
      ) {
        throw new Error(
          `gen-bootstrap-rbac: ${file} has an item without kind or name`,
        );
      }
      out.push(item as unknown as KubeObject);
    }
  }
  return out;
}

/** The commit of each file, from the table in SOURCE.md. */
function readCommits(dir: URL): { file: string; commit: string }[] {
  const text = readFileSync(new URL('SOURCE.md', dir), 'utf8');
  return BOOTSTRAP_FILES.map(file => {
    const row = new RegExp(
      `^\\| \`${file.replace('.', '\\.')}\` \\| \`([0-9a-f]{40})\``,
      'm',
    ).exec(text);
    if (row?.[1] === undefined) {
      throw new Error(`gen-bootstrap-rbac: no commit for ${file} in SOURCE.md`);
    }
    return { file, commit: row[1] };
  });
}

function pick(from: Json, keys: readonly string[]): Json {
  const out: Json = {};
  for (const key of keys) {
    const value = from[key];
    if (value !== undefined && value !== null) out[key] = value;
  }
  return out;
}

/** Only what the RBAC evaluator reads. */
function compact(object: KubeObject): KubeObject {
  const metadata = pick(object.metadata, ['name', 'namespace', 'labels']);
  const out: Json = { kind: object.kind, metadata };
  Object.assign(out, pick(object, ['rules', 'aggregationRule', 'roleRef']));
  if (Array.isArray(object.subjects)) {
    out.subjects = (object.subjects as unknown[]).map(subject =>
      isRecord(subject)
        ? pick(subject, ['kind', 'name', 'namespace'])
        : subject,
    );
  }
  return out as unknown as KubeObject;
}

function roleIdOf(binding: KubeObject): string {
  const ref = isRecord(binding.roleRef) ? binding.roleRef : {};
  const kind = typeof ref.kind === 'string' ? ref.kind : '';
  const name = typeof ref.name === 'string' ? ref.name : '';
  return kind === 'Role'
    ? `Role:${binding.metadata.namespace ?? ''}/${name}`
    : `${kind}:${name}`;
}

function idOf(object: KubeObject): string {
  const { name, namespace } = object.metadata;
  return namespace === undefined
    ? `${object.kind}:${name}`
    : `${object.kind}:${namespace}/${name}`;
}

/**
 * The policy file's content. A binding whose role is not in the set is
 * dropped (SOURCE.md: `podcheckpoint-controller`), so assuming the defaults
 * never reports a finding about the defaults themselves.
 */
export function buildBootstrapPolicy(
  dir: URL = BOOTSTRAP_SOURCE_DIR,
): BootstrapPolicyFile {
  const objects = readBootstrapObjects(dir);
  const roles = new Set(
    objects
      .filter(o => o.kind === 'Role' || o.kind === 'ClusterRole')
      .map(idOf),
  );
  const kept: KubeObject[] = [];
  const dropped: string[] = [];
  for (const object of objects) {
    const isBinding =
      object.kind === 'RoleBinding' || object.kind === 'ClusterRoleBinding';
    if (isBinding && !roles.has(roleIdOf(object))) {
      dropped.push(`${idOf(object)}: ${roleIdOf(object)} is not in the set`);
      continue;
    }
    kept.push(compact(object));
  }
  return {
    source: {
      project: 'Kubernetes, https://github.com/kubernetes/kubernetes',
      directory: 'plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata/',
      license: 'Apache-2.0',
      copyright: 'The Kubernetes Authors',
      files: readCommits(dir),
      generatedBy: 'scripts/gen-bootstrap-rbac.ts',
      dropped,
    },
    objects: kept,
  };
}
