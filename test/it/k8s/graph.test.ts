// Live collection against the real API server gives the same attack graph as
// the offline reading of the same YAML: the KubeHound scenarios (with the
// scaffold's nodes, namespaces and placement) and every engine fixture. The
// live snapshot is restricted to the objects of the input, and the offline
// snapshot takes the live server version; what the API server adds (uid,
// defaults, the kube-api-access volume of ServiceAccount admission, ...)
// stays in, which is the point. Objects the API server refuses are dropped on
// both sides, and each fixture's refusals must be exactly the expected ones.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect } from '@chokepoint/collector';
import type { Snapshot } from '@chokepoint/model';
import { CONFORMANCE } from '../../support/paths.ts';
import { applyDocs, deleteDocs, gatewayCrds } from './apply.ts';
import type { Refusal } from './apply.ts';
import {
  Api,
  REPO,
  cluster,
  compareGraphs,
  docsOf,
  objectKey,
  offlineSnapshot,
  record,
  restrictTo,
  skipReason,
  target,
} from './support.ts';
import type { Doc } from './support.ts';

interface Scaffold {
  readonly scaffold: {
    readonly nodes: readonly Doc[];
    readonly namespaces: readonly string[];
  };
  readonly placement: {
    readonly default: string;
    readonly overrides: Readonly<Record<string, string>>;
  };
}

const KH = join(CONFORMANCE, 'kubehound');
const ENGINE_FIXTURES = join(REPO, 'packages/engine/test/fixtures/attacks');

function kubehoundDocs(): Doc[] {
  const kh = JSON.parse(
    readFileSync(join(KH, 'expected.json'), 'utf8'),
  ) as Scaffold;
  const nodeOf = (ns: string, name: string) =>
    kh.placement.overrides[`${ns}/${name}`] ?? kh.placement.default;
  const attacks = readdirSync(join(KH, 'attacks'))
    .filter(f => f.endsWith('.yaml'))
    .sort()
    .flatMap(f => docsOf(readFileSync(join(KH, 'attacks', f), 'utf8')));
  const placed = attacks.map(doc => {
    if (doc.kind !== 'Pod') return doc;
    const meta = record(doc.metadata);
    const ns = typeof meta.namespace === 'string' ? meta.namespace : 'default';
    return {
      ...doc,
      spec: { ...record(doc.spec), nodeName: nodeOf(ns, String(meta.name)) },
    };
  });
  return [
    ...kh.scaffold.nodes,
    ...kh.scaffold.namespaces.map(name => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name },
    })),
    ...kh.scaffold.namespaces.map(namespace => ({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'default', namespace },
    })),
    ...placed,
  ];
}

const refusedKey = (r: Refusal) => r.object;
const docKey = (d: Doc) => {
  const meta = record(d.metadata);
  return `${String(d.kind)} ${typeof meta.namespace === 'string' ? `${meta.namespace}/` : ''}${String(meta.name)}`;
};

/**
 * Differences that are the API server's doing, not the collector's or the
 * engine's, by fixture: each is a state a real cluster cannot hold.
 */
const KNOWN_DIFFERENCES: Readonly<
  Record<string, { onlyLive?: string[]; onlyOffline?: string[]; why: string }>
> = {
  'IDENTITY_ASSUME.yaml': {
    onlyLive: [
      'edge Container:default/admitted-yes/no-mount-no -IDENTITY_ASSUME-> ServiceAccount:default/app-sa high',
    ],
    why: 'ServiceAccount admission runs on create and mounts the existing kube-api-access volume into every container that lacks the mount; the fixture writes an "already admitted" pod whose second container has no mount, which admission never leaves',
  },
};

/**
 * Objects of the engine fixtures the API server refuses, by fixture, with
 * the HTTP status: each is a state the offline reading accepts but a real
 * cluster cannot hold (or a namespace the fixture does not create), and the
 * offline side of the comparison leaves it out too. A new refusal, or one
 * that stops, fails the fixture's test.
 */
const EXPECTED_REFUSALS: Readonly<Record<string, readonly string[]>> = {
  // ephemeralContainers can only be added through the subresource.
  'CONTAINER_ATTACH.yaml': ['Pod default/attach-yes 422'],
  // The negative case lives in a namespace the fixture does not create.
  'ENDPOINT_EXPLOIT.yaml': ['Service other/elsewhere-no 404'],
  // An Ingress needs a default backend or rules.
  'EXPOSES.yaml': ['Ingress default/ingress-no-backend-no 422'],
  // ServiceAccount admission refuses pods of a missing ServiceAccount.
  'IDENTITY_ASSUME.yaml': ['Pod default/missing-sa-no 403'],
  'MEMBER_OF.yaml': ['Pod dev/runner-pod 403', 'Secret dev/legacy-token 0'],
  // Pod Security (baseline) refuses the privileged pod of the negative case.
  'POD_PATCH.yaml': ['Pod tight/privileged-no 403'],
  // Typed Secrets need their keys; the fixtures keep no values.
  'SECRET_MOUNT.yaml': ['Secret default/tls-cert 422'],
  'SECRET_READ.yaml': ['Secret default/registry-credentials 422'],
  // Token Secrets of missing ServiceAccounts are deleted at once: not applied.
  'TOKEN_LIST.yaml': ['Secret default/ghost-no-token 0'],
};

/** Legacy token Secrets of ServiceAccounts the input lacks: the token controller deletes them at once. */
function orphanTokens(docs: readonly Doc[]): Set<string> {
  const accounts = new Set(
    docs
      .filter(d => d.kind === 'ServiceAccount')
      .map(d => docKey(d).replace('ServiceAccount ', '')),
  );
  const out = new Set<string>();
  for (const doc of docs) {
    if (
      doc.kind !== 'Secret' ||
      doc.type !== 'kubernetes.io/service-account-token'
    )
      continue;
    const meta = record(doc.metadata);
    const sa = record(meta.annotations)['kubernetes.io/service-account.name'];
    const ns = typeof meta.namespace === 'string' ? meta.namespace : 'default';
    if (!accounts.has(`${ns}/${String(sa)}`)) out.add(docKey(doc));
  }
  return out;
}

async function roundTrip(api: Api, allDocs: readonly Doc[], name: string) {
  const orphans = orphanTokens(allDocs);
  const docs = allDocs.filter(d => !orphans.has(docKey(d)));
  const refusals = await applyDocs(api, docs);
  for (const orphan of orphans)
    refusals.push({
      object: orphan,
      status: 0,
      message:
        'not applied: the token controller deletes token Secrets of missing ServiceAccounts',
    });
  const refused = new Set(
    refusals.filter(r => !r.object.endsWith(' status')).map(refusedKey),
  );
  const kept = docs.filter(d => !refused.has(docKey(d)));
  const result = await collect({
    kubeconfig: target().kubeconfig,
    tool: 'chokepoint it',
    now: () => new Date(),
  });
  const offline0 = await offlineSnapshot(kept, name);
  const offline: Snapshot = {
    ...offline0,
    cluster: {
      ...offline0.cluster,
      serverVersion: result.snapshot.cluster.serverVersion ?? '',
    },
  };
  const live = restrictTo(result.snapshot, offline);
  return { refusals, offline, live, full: result.snapshot };
}

describe.skipIf(cluster === undefined)(
  'live collection = offline reading (real API server)',
  () => {
    let api: Api;
    beforeAll(async () => {
      api = new Api();
      const crds = await applyDocs(api, gatewayCrds());
      expect(crds).toEqual([]);
      // Wait (bounded) until the CRDs are served.
      for (let i = 0; i < 100; i++) {
        const res = await api.request(
          'GET',
          '/apis/gateway.networking.k8s.io/v1/httproutes',
        );
        const alpha = await api.request(
          'GET',
          '/apis/gateway.networking.k8s.io/v1alpha2/tcproutes',
        );
        if (res.status === 200 && alpha.status === 200) break;
        await new Promise(r => setTimeout(r, 200));
      }
    });
    afterAll(() => {
      api.close();
    });

    it('KubeHound scenarios with the scaffold', async () => {
      const docs = kubehoundDocs();
      const { refusals, offline, live } = await roundTrip(
        api,
        docs,
        'kubehound.test.local',
      );
      try {
        expect(refusals).toEqual([]);
        const liveKeys = new Set(
          Object.values(live.objects).flatMap(l => l.map(objectKey)),
        );
        const missing = Object.values(offline.objects)
          .flatMap(l => l.map(objectKey))
          .filter(k => !liveKeys.has(k));
        expect(missing).toEqual([]);
        const diff = compareGraphs(offline, live);
        console.log(`KubeHound: ${String(diff.edges)} edges compared`);
        expect(diff.onlyOffline).toEqual([]);
        expect(diff.onlyLive).toEqual([]);
      } finally {
        await deleteDocs(api, docs);
      }
    });

    const fixtures = readdirSync(ENGINE_FIXTURES)
      .filter(f => f.endsWith('.yaml'))
      .sort();
    let edgesCompared = 0;
    for (const file of fixtures) {
      it(`engine fixture ${file}`, async () => {
        const docs = docsOf(readFileSync(join(ENGINE_FIXTURES, file), 'utf8'));
        const { refusals, offline, live } = await roundTrip(api, docs, file);
        try {
          expect(
            refusals.map(r => `${r.object} ${String(r.status)}`).sort(),
            refusals.map(r => `${r.object}: ${r.message}`).join('\n'),
          ).toEqual([...(EXPECTED_REFUSALS[file] ?? [])].sort());
          const diff = compareGraphs(offline, live);
          const known = KNOWN_DIFFERENCES[file];
          expect({
            onlyOffline: diff.onlyOffline,
            onlyLive: diff.onlyLive,
          }).toEqual({
            onlyOffline: known?.onlyOffline ?? [],
            onlyLive: known?.onlyLive ?? [],
          });
          edgesCompared += diff.edges;
        } finally {
          await deleteDocs(api, docs);
        }
      });
    }
    afterAll(() => {
      console.log(`engine fixtures: ${String(edgesCompared)} edges compared`);
    });
  },
);

describe.skipIf(cluster !== undefined)('live collection (skipped)', () => {
  it.skip(skipReason ?? 'no control plane', () => undefined);
});
