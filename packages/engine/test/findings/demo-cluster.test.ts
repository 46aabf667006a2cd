// Findings on examples/demo-cluster (read with the collector, as the CLI
// does): what a person reviewing that cluster would expect to see.
import { readInputs } from '@chokepoint/collector';
import { describe, expect, it } from 'vitest';
import type { FindingRecord } from '../../src/findings/define-finding.ts';
import { runFindings } from '../../src/findings/index.ts';
import { resolvePolicy } from '../../src/policy.ts';
import { contextOf } from './finding-tester.ts';

const demo = new URL('../../../../examples/demo-cluster', import.meta.url)
  .pathname;

const records: FindingRecord[] = runFindings(
  contextOf(
    await readInputs([demo], {
      readStdin: () => Promise.resolve(''),
      now: () => new Date('2026-01-01T00:00:00Z'),
      tool: 'chokepoint test',
    }),
    resolvePolicy({}).policy,
  ),
);
const byId = new Map(records.map(r => [r.id, r]));
const ids = (check: string) =>
  records.filter(r => r.check === check).map(r => r.id);

describe('demo cluster findings', () => {
  it('reports privileged kube-proxy once, on its DaemonSet template', () => {
    const record = byId.get(
      'F-POD-PRIVILEGED:Container:kube-system/DaemonSet/kube-proxy/kube-proxy',
    );
    expect(record?.severity).toBe('high');
    expect(record?.objects).toContain('DaemonSet:kube-system/kube-proxy');
    expect(
      record?.objects.filter(o => o.startsWith('Pod:kube-system/kube-proxy-')),
    ).toHaveLength(3);
    expect(ids('F-POD-PRIVILEGED')).toEqual([record?.id]);
  });

  it('reports the payments database Secret in env and the latest tag', () => {
    const env = byId.get(
      'F-POD-ENVSECRET:Container:payments/Deployment/payments-api/api',
    );
    expect(env?.objects).toContain('Secret:payments/payments-db');
    expect(ids('F-POD-IMAGETAG')).toEqual([
      'F-POD-IMAGETAG:Container:payments/Deployment/payments-api/api',
    ]);
  });

  it('reports the namespaces without NetworkPolicy, not web', () => {
    expect(ids('F-NS-NETPOL')).toEqual([
      'F-NS-NETPOL:Namespace:ci',
      'F-NS-NETPOL:Namespace:kube-system',
      'F-NS-NETPOL:Namespace:monitoring',
      'F-NS-NETPOL:Namespace:payments',
    ]);
  });

  it('reports the namespaces without a Pod Security label, not payments', () => {
    expect(ids('F-NS-PSA')).not.toContain('F-NS-PSA:Namespace:payments');
    expect(ids('F-NS-PSA')).toContain('F-NS-PSA:Namespace:ci');
  });

  it('reports the legacy token Secret of deploy-bot in kube-system', () => {
    expect(
      byId.get('F-SECRET-LEGACYTOKEN:Secret:kube-system/deploy-bot-token')
        ?.objects,
    ).toEqual([
      'Secret:kube-system/deploy-bot-token',
      'ServiceAccount:kube-system/deploy-bot',
    ]);
  });

  it('reports the cluster-admin binding of deploy-bot and prometheus on nodes/proxy', () => {
    expect(
      byId.get('F-RBAC-WILDCARD:ClusterRoleBinding:deploy-bot-admin')?.objects,
    ).toEqual([
      'ClusterRoleBinding:deploy-bot-admin',
      'ClusterRole:cluster-admin',
      'ServiceAccount:kube-system/deploy-bot',
    ]);
    expect(ids('F-RBAC-NODEPROXY')).toContain(
      'F-RBAC-NODEPROXY:ClusterRole:prometheus',
    );
  });

  it('reports the hostPath mounts as high: node-exporter /, the CI runner socket', () => {
    for (const id of [
      'F-POD-HOSTPATH:Container:monitoring/DaemonSet/node-exporter/node-exporter',
      'F-POD-HOSTPATH:Container:ci/StatefulSet/runner/runner',
    ])
      expect(byId.get(id)?.severity, id).toBe('high');
  });

  it('does not report the hardened catalog Deployment for root or seccomp', () => {
    const catalog = records.filter(r =>
      r.objects[0]?.startsWith('Container:web/Deployment/catalog/'),
    );
    expect(catalog.map(r => r.check)).toEqual([]);
  });

  it('reports nothing from the assumed bootstrap RBAC defaults', () => {
    for (const record of records)
      expect(record.objects[0]?.startsWith('ClusterRole:system:')).toBe(false);
    expect(ids('F-RBAC-ANON')).toEqual([]);
    expect(ids('F-RBAC-MISSINGSA')).toEqual([]);
  });
});
