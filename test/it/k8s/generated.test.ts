// Benchmarks and scale tests run on generated clusters (chokepoint generate),
// so a generated cluster must be one a real cluster can hold (issue #17,
// point 9): every object applied to the real API server, none refused by API
// validation, ServiceAccount admission or Pod Security admission. The
// generated cluster is checked to hold what makes that hard: namespaces that
// enforce baseline and restricted, and privileged, hostPath and non-root pods.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCluster } from '@chokepoint/collector';
import { applyDocs, deleteDocs } from './apply.ts';
import { Api, cluster, record } from './support.ts';
import type { Doc } from './support.ts';

const snapshot = generateCluster({
  pods: 1000,
  seed: 3,
  tool: 'chokepoint it',
  now: () => new Date(0),
});
const docs: Doc[] = Object.values(snapshot.objects).flat();

function containersOf(doc: Doc): Doc[] {
  const containers = record(doc.spec).containers;
  return Array.isArray(containers) ? containers.map(record) : [];
}

describe('a generated cluster', () => {
  it('holds what admission has a say on', () => {
    const levels = new Set(
      docs
        .filter(d => d.kind === 'Namespace')
        .map(
          d =>
            record(record(d.metadata).labels)[
              'pod-security.kubernetes.io/enforce'
            ],
        ),
    );
    expect(levels).toContain('baseline');
    expect(levels).toContain('restricted');
    const pods = docs.filter(d => d.kind === 'Pod');
    const contexts = pods
      .flatMap(containersOf)
      .map(c => record(c.securityContext));
    expect(contexts.some(c => c.privileged === true)).toBe(true);
    expect(contexts.some(c => c.runAsNonRoot === true)).toBe(true);
    expect(pods.some(p => record(p.spec).volumes !== undefined)).toBe(true);
  });
});

describe.skipIf(cluster === undefined)(
  'a generated cluster on the real API server',
  () => {
    let api: Api;
    beforeAll(() => {
      api = new Api();
    });
    afterAll(async () => {
      await deleteDocs(api, docs);
      api.close();
    });

    it('loads with zero refusals', async () => {
      expect(await applyDocs(api, docs)).toEqual([]);
    }, 900_000);
  },
);
