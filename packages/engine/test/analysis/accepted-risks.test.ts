import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { analyze, pathsAfter, resolvePolicy } from '../../src/index.ts';
import { snapshotOf } from '../manifests.ts';

/** A pod whose token may read a kube-system Secret: one exposed container. */
const CLUSTER = readFileSync(
  new URL(
    '../../../../test/fixtures/clusters/backup-reads/cluster.yaml',
    import.meta.url,
  ),
  'utf8',
);

const ENTRY = 'Container:ops/backup/job';

function policy(until: string, reason = 'backup job reads the key by design') {
  const { policy: resolved, problems } = resolvePolicy({
    acceptedRisks: [
      { entry: ENTRY, asset: 'Secret:kube-system/backup-key', until, reason },
    ],
  });
  expect(problems).toEqual([]);
  return resolved;
}

describe('accepted risks', () => {
  it('marks a path accepted until its date, still counting it as exposed', async () => {
    const { result } = analyze(await snapshotOf(CLUSTER), {
      policy: policy('2027-06-30'),
      today: '2026-12-01',
      maxCandidates: 0,
    });
    const path = result.paths.find(p => p.from === ENTRY);
    expect(path?.accepted).toEqual({
      until: '2027-06-30',
      reason: 'backup job reads the key by design',
    });
    expect(result.summary.exposedEntryPoints).toBe(1);
    expect(result.summary.acceptedEntryPoints).toBe(1);
  });

  it('counts an expired acceptance again and says so', async () => {
    const { result } = analyze(await snapshotOf(CLUSTER), {
      policy: policy('2026-11-30'),
      today: '2026-12-01',
      maxCandidates: 0,
    });
    expect(result.paths.find(p => p.from === ENTRY)?.accepted).toBeUndefined();
    expect(result.summary.acceptedEntryPoints).toBe(0);
    expect(result.notes).toContain(
      `The accepted risk for ${ENTRY} to Secret:kube-system/backup-key expired on 2026-11-30: it counts again.`,
    );
  });

  it('marks the paths after a what-if as the analysis does, by the day asked', async () => {
    const analysis = analyze(await snapshotOf(CLUSTER), {
      policy: policy('2027-06-30'),
      today: '2026-12-01',
      maxCandidates: 0,
    });
    const before = pathsAfter(analysis, [], { today: '2026-12-01' });
    expect(before.paths.find(p => p.from === ENTRY)?.accepted?.until).toBe(
      '2027-06-30',
    );
    const later = pathsAfter(analysis, [], { today: '2027-07-01' });
    expect(later.paths.find(p => p.from === ENTRY)?.accepted).toBeUndefined();
    expect([...later.exposed]).toEqual([ENTRY]);
  });

  it('rejects an accepted risk without a date, a reason or a subject', () => {
    expect(
      resolvePolicy({ acceptedRisks: [{ entry: ENTRY, reason: 'x' }] })
        .problems,
    ).toEqual([
      'acceptedRisks[0]: an accepted risk needs until (YYYY-MM-DD) and reason',
    ]);
    expect(
      resolvePolicy({ acceptedRisks: [{ until: '2027-01-01', reason: 'x' }] })
        .problems,
    ).toEqual([
      'acceptedRisks[0]: name the entry, the asset or the finding that is accepted',
    ]);
    expect(
      resolvePolicy({
        acceptedRisks: [{ entry: ENTRY, until: 'soon', reason: 'x' }],
      }).problems,
    ).toEqual([
      'acceptedRisks[0].until: expected a date YYYY-MM-DD, got string "soon"',
    ]);
  });
});

describe('policy selectors', () => {
  it('chooses critical assets and entry points by kind, namespace, name and labels', async () => {
    const snapshot = await snapshotOf(`${CLUSTER}---
apiVersion: v1
kind: Secret
metadata: { name: payments-db, namespace: payments, labels: { tier: db } }
type: Opaque
---
apiVersion: v1
kind: Secret
metadata: { name: payments-cache, namespace: payments }
type: Opaque
`);
    const { policy, problems } = resolvePolicy({
      critical: {
        selectors: [{ kind: 'Secret', labels: { tier: 'db' } }],
        replace: true,
      },
      entry: {
        selectors: [{ kind: 'Container', namespace: 'ops', name: 'j*' }],
        replace: true,
      },
    });
    expect(problems).toEqual([]);
    const { result } = analyze(snapshot, { policy, maxCandidates: 0 });
    expect(result.criticalAssets).toEqual(['Secret:payments/payments-db']);
    expect(result.entryPoints).toEqual([ENTRY]);
  });

  it('reports a malformed selector with its place', () => {
    expect(
      resolvePolicy({ critical: { selectors: [{ kind: 3 }] } }).problems,
    ).toEqual(['critical.selectors[0].kind: expected a string, got number 3']);
  });
});
