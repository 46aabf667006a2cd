// PermissionSet ids (issue #17, point 8): a set of grants is named by its
// bindings, not by a hash, so a person can read it in a path and the same set
// has the same id in every analysis and what-if; two sets never share one.
import { describe, expect, it } from 'vitest';
import { holderId } from '../../src/holder.ts';
import { analyze } from '../../src/index.ts';
import type { Grant } from '../../src/rbac/index.ts';
import { snapshotOf } from '../manifests.ts';

const grantOf = (binding: string): Grant => ({
  binding,
  role: 'ClusterRole:view',
  namespace: '',
  rules: [],
  assumedDefault: false,
});

/**
 * Reads an id back into its binding ids and user, independently of how the
 * engine writes it: every id decodes to the set it was made from, so no two
 * sets can share an id.
 */
function decode(id: string): { bindings: string[]; user?: string } {
  const body = id.slice('PermissionSet:'.length);
  const at = body.indexOf('@');
  const names = at === -1 ? body : body.slice(0, at);
  const bindings = names.split('+').map(part => {
    const slash = part.indexOf('/');
    return slash === -1
      ? `ClusterRoleBinding:${decodeURIComponent(part)}`
      : `RoleBinding:${decodeURIComponent(part.slice(0, slash))}/${decodeURIComponent(part.slice(slash + 1))}`;
  });
  return at === -1
    ? { bindings: bindings.sort() }
    : { bindings: bindings.sort(), user: body.slice(at + 1) };
}

describe('PermissionSet ids', () => {
  it('name the bindings, the input’s own before the built-in ones, whatever their order', () => {
    const grants = [
      'ClusterRoleBinding:system:basic-user',
      'RoleBinding:argocd/argocd-server',
      'ClusterRoleBinding:argocd-server',
      'ClusterRoleBinding:system:discovery',
    ].map(grantOf);
    const id =
      'PermissionSet:argocd-server+argocd/argocd-server+system:basic-user+system:discovery';
    expect(holderId(grants)).toBe(id);
    expect(holderId([...grants].reverse())).toBe(id);
    expect(holderId(grants, 'alice@example.com')).toBe(
      `${id}@alice@example.com`,
    );
    // One grant without a user is the catalog's RoleInScope node.
    expect(holderId([grantOf('ClusterRoleBinding:x')])).toBe(
      'RoleInScope:ClusterRole:view@cluster',
    );
  });

  it('never give two different sets one id, whatever the names hold', () => {
    const sets: [string[], string?][] = [
      [['ClusterRoleBinding:a', 'ClusterRoleBinding:b']],
      [['ClusterRoleBinding:a+b', 'ClusterRoleBinding:c']],
      [['ClusterRoleBinding:a+ClusterRoleBinding:b', 'ClusterRoleBinding:c']],
      [['ClusterRoleBinding:a', 'ClusterRoleBinding:b@c']],
      [['ClusterRoleBinding:a', 'ClusterRoleBinding:b'], 'c'],
      [['ClusterRoleBinding:a/b', 'ClusterRoleBinding:c']],
      [['RoleBinding:a/b', 'ClusterRoleBinding:c']],
      [['ClusterRoleBinding:a%2Bb', 'ClusterRoleBinding:c']],
      [['RoleBinding:a/b/c', 'ClusterRoleBinding:d']],
      [['ClusterRoleBinding:a', 'ClusterRoleBinding:b'], 'c+d@e'],
    ];
    const ids = sets.map(([bindings, user]) =>
      holderId(bindings.map(grantOf), user),
    );
    expect(new Set(ids).size).toBe(sets.length);
    ids.forEach((id, i) => {
      const [bindings, user] = sets[i] ?? [[]];
      expect(decode(id)).toEqual(
        user === undefined
          ? { bindings: [...bindings].sort() }
          : { bindings: [...bindings].sort(), user },
      );
    });
  });

  it('stay the same when the rest of the input changes, and follow their own bindings only', async () => {
    const sa = (name: string) => `apiVersion: v1
kind: ServiceAccount
metadata: { name: ${name}, namespace: shop }
`;
    const bind = (
      name: string,
      subject: string,
      role = 'edit',
    ) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: ${name} }
subjects: [{ kind: ServiceAccount, name: ${subject}, namespace: shop }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role} }
`;
    const idsOf = async (docs: string[]) => {
      const { build } = analyze(await snapshotOf(docs.join('---\n')), {
        maxCandidates: 0,
        planRounds: 0,
      });
      const ids = new Map<string, string>();
      build.graph.forEachEdge((_key, a, from, to) => {
        if (a.kind === 'GRANTS') ids.set(from, to);
      });
      // Every PermissionSet decodes to the bindings it holds.
      build.graph.forEachNode((id, a) => {
        if (a.kind !== 'PermissionSet') return;
        const bindings = (a.props as { bindings: string[] }).bindings;
        expect(decode(id).bindings).toEqual([...bindings].sort());
      });
      return ids;
    };
    const base = [
      sa('api'),
      sa('web'),
      bind('api-edit', 'api'),
      bind('web-view', 'web', 'view'),
    ];
    const before = await idsOf(base);
    const api = 'ServiceAccount:shop/api';
    const web = 'ServiceAccount:shop/web';
    expect(before.get(api)).toBe(
      'PermissionSet:api-edit+system:basic-user+system:discovery+system:public-info-viewer',
    );
    // Another workload and another binding: the names of the others stay.
    const more = await idsOf([
      ...base,
      sa('batch'),
      bind('batch-admin', 'batch', 'admin'),
    ]);
    expect(more.get(api)).toBe(before.get(api));
    expect(more.get(web)).toBe(before.get(web));
    // A second binding of api renames api's set only.
    const second = await idsOf([...base, bind('api-view', 'api', 'view')]);
    expect(second.get(api)).toBe(
      'PermissionSet:api-edit+api-view+system:basic-user+system:discovery+system:public-info-viewer',
    );
    expect(second.get(web)).toBe(before.get(web));
  });
});
