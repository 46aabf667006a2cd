// Pod Security Standards (predicates/pod-security.ts, checkPodSecurity)
// against the real API server's Pod Security admission: seeded random pods
// built from the fields the baseline and restricted levels check are created
// with server-side dry-run in namespaces that enforce each level at a pinned
// policy version, and the server's verdict (admitted, or refused for
// "violates PodSecurity") must equal ours. Pods the server refuses for
// another reason (validation) are left out and counted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '@chokepoint/model';
import { podSpecOf } from '../../../packages/engine/src/predicates/pod-spec.ts';
import { checkPodSecurity } from '../../../packages/engine/src/predicates/pod-security.ts';
import { seededRandom } from '@chokepoint/collector';
import { Api, cluster, kubectlOk, pool, record } from './support.ts';

const MINOR = 34;
const LEVELS = ['baseline', 'restricted'] as const;
const namespaceOf = (level: string) => `psa-diff-${level}`;
const SEED = 20261207;
const PODS = 240;

type Rng = () => number;
const pick = <T>(next: Rng, items: readonly T[]): T =>
  items[Math.floor(next() * items.length)] as T;
const maybe = (next: Rng, p: number): boolean => next() < p;

function securityContext(next: Rng, pod: boolean): Record<string, unknown> {
  const sc: Record<string, unknown> = {};
  if (maybe(next, 0.4)) sc.runAsNonRoot = pick(next, [true, false]);
  if (maybe(next, 0.25)) sc.runAsUser = pick(next, [0, 1000]);
  if (maybe(next, 0.5))
    sc.seccompProfile = pick(next, [
      { type: 'RuntimeDefault' },
      { type: 'Unconfined' },
      { type: 'Localhost', localhostProfile: 'profiles/p.json' },
    ]);
  if (maybe(next, 0.15))
    sc.appArmorProfile = pick(next, [
      { type: 'RuntimeDefault' },
      { type: 'Unconfined' },
      { type: 'Localhost', localhostProfile: 'p' },
    ]);
  if (maybe(next, 0.15))
    sc.seLinuxOptions = pick(next, [
      { type: 'container_t' },
      { type: 'spc_t' },
      { user: 'system_u' },
      { level: 's0:c1,c2' },
    ]);
  if (pod) {
    if (maybe(next, 0.2))
      sc.sysctls = [
        {
          name: pick(next, [
            'kernel.shm_rmid_forced',
            'net.ipv4.ip_unprivileged_port_start',
            'net.ipv4.tcp_keepalive_time',
            'net.ipv4.tcp_rmem',
            'kernel.msgmax',
            'net.core.somaxconn',
          ]),
          value: '1',
        },
      ];
    return sc;
  }
  if (maybe(next, 0.15)) sc.privileged = pick(next, [true, false]);
  if (maybe(next, 0.5))
    sc.allowPrivilegeEscalation = pick(next, [true, false, false]);
  if (maybe(next, 0.6)) {
    const capabilities: Record<string, unknown> = {};
    if (maybe(next, 0.6))
      capabilities.drop = pick(next, [['ALL'], ['NET_RAW']]);
    if (maybe(next, 0.4))
      capabilities.add = [
        pick(next, [
          'NET_BIND_SERVICE',
          'CHOWN',
          'AUDIT_WRITE',
          'SYS_CHROOT',
          'NET_ADMIN',
          'SYS_ADMIN',
          'NET_RAW',
          'CAP_SYS_ADMIN',
        ]),
      ];
    sc.capabilities = capabilities;
  }
  return sc;
}

function generatedPod(next: Rng, index: number): KubeObject {
  const container: Record<string, unknown> = {
    name: 'c',
    image: 'registry.k8s.io/pause:3.10',
    securityContext: securityContext(next, false),
  };
  const spec: Record<string, unknown> = {
    automountServiceAccountToken: false,
    securityContext: securityContext(next, true),
  };
  if (maybe(next, 0.1)) spec.hostNetwork = true;
  if (maybe(next, 0.08)) spec.hostPID = true;
  if (maybe(next, 0.08)) spec.hostIPC = true;
  if (maybe(next, 0.1))
    container.ports = [{ containerPort: 8080, hostPort: 8080 }];
  if (maybe(next, 0.4)) {
    const volume = pick(next, [
      { emptyDir: {} },
      { configMap: { name: 'x' } },
      { secret: { secretName: 'x' } },
      { hostPath: { path: '/var/log' } },
      { nfs: { server: 'nfs.example', path: '/x' } },
      { downwardAPI: { items: [] } },
      { persistentVolumeClaim: { claimName: 'x' } },
    ]);
    spec.volumes = [{ name: 'v', ...volume }];
  }
  spec.containers = [container];
  if (maybe(next, 0.2))
    spec.initContainers = [
      {
        name: 'init',
        image: 'registry.k8s.io/pause:3.10',
        securityContext: securityContext(next, false),
      },
    ];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `p-${String(index)}` },
    spec,
  };
}

describe.skipIf(cluster === undefined)(
  'Pod Security Standards against the real admission (server-side dry-run)',
  () => {
    let api: Api;
    beforeAll(async () => {
      api = new Api();
      for (const level of LEVELS) {
        await kubectlOk(['create', 'namespace', namespaceOf(level)]);
        await kubectlOk([
          'label',
          'namespace',
          namespaceOf(level),
          `pod-security.kubernetes.io/enforce=${level}`,
          `pod-security.kubernetes.io/enforce-version=v1.${String(MINOR)}`,
        ]);
        // Pods are admitted only once the namespace's default ServiceAccount exists.
        for (let i = 0; i < 200; i++) {
          const sa = await api.request(
            'GET',
            `/api/v1/namespaces/${namespaceOf(level)}/serviceaccounts/default`,
          );
          if (sa.status === 200) break;
          await new Promise(resolve => setTimeout(resolve, 250));
        }
      }
    });
    afterAll(async () => {
      for (const level of LEVELS)
        await kubectlOk([
          'delete',
          'namespace',
          namespaceOf(level),
          '--wait=false',
        ]);
      api.close();
    });

    it(`agrees with the server on ${String(PODS)} seeded random pods at both levels`, async () => {
      const next = seededRandom(SEED);
      const pods = Array.from({ length: PODS }, (_, i) =>
        generatedPod(next, i),
      );
      const jobs = pods.flatMap(pod => LEVELS.map(level => ({ pod, level })));
      const mismatches: string[] = [];
      const invalid: string[] = [];
      const verdicts = { admitted: 0, refused: 0 };
      await pool(jobs, 6, async ({ pod, level }) => {
        const reply = await api.request(
          'POST',
          `/api/v1/namespaces/${namespaceOf(level)}/pods?dryRun=All`,
          {
            ...pod,
            metadata: { ...pod.metadata, namespace: namespaceOf(level) },
          },
        );
        const { message: said } = record(reply.body);
        const message = typeof said === 'string' ? said : '';
        let admitted: boolean;
        if (reply.status === 201) admitted = true;
        else if (
          reply.status === 403 &&
          message.includes('violates PodSecurity')
        )
          admitted = false;
        else {
          invalid.push(`${String(reply.status)} ${message.slice(0, 160)}`);
          return;
        }
        verdicts[admitted ? 'admitted' : 'refused']++;
        const ours = checkPodSecurity({
          pod: podSpecOf(pod),
          podObject: pod,
          level,
          version: { latest: false, minor: MINOR },
        });
        if (ours.satisfied !== admitted)
          mismatches.push(
            `${level}: server ${admitted ? 'admits' : `refuses (${message.slice(0, 300)})`}, ours ${ours.satisfied ? 'admits' : `refuses (${ours.violations.map(v => v.check).join(', ')})`}: ${JSON.stringify(pod.spec)}`,
          );
      });
      console.info(
        `pod security differential: ${String(verdicts.admitted)} admitted, ${String(verdicts.refused)} refused, ${String(invalid.length)} invalid (left out)`,
      );
      expect(mismatches).toEqual([]);
      // Both verdicts are common, so the comparison tells something.
      expect(verdicts.admitted).toBeGreaterThan(PODS / 10);
      expect(verdicts.refused).toBeGreaterThan(PODS / 2);
      expect(invalid.length).toBeLessThan(PODS / 2);
    });
  },
);
