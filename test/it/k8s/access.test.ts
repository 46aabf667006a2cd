// Who may collect: a restricted x509 identity that cannot list Secrets gets a
// partial snapshot with a clear warning and exit code 0 (the real RBAC
// authorizer decides); the deploy/ ClusterRole collects everything but
// Secrets, which stay a named gap, and with the optional Secrets role
// (deploy/optional/secrets.yaml) everything, proven by collecting as its
// ServiceAccount through a token.
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { collect } from '@chokepoint/collector';
import type { Snapshot } from '@chokepoint/model';
import { runCli } from '../../support/run-cli.ts';
import {
  REPO,
  cluster,
  docsOf,
  kubectlOk,
  objectKey,
  record,
  target,
  x509User,
} from './support.ts';

const DEPLOY = join(REPO, 'deploy/chokepoint-collector.yaml');
const SECRETS = join(REPO, 'deploy/optional/secrets.yaml');

function deployClusterRoleRules(): unknown {
  // The restricted identity below gets the collector's role, Secrets removed.
  const role = docsOf(readFileSync(DEPLOY, 'utf8')).find(
    d => d.kind === 'ClusterRole',
  );
  return record(role).rules;
}

describe.skipIf(cluster === undefined)(
  'collecting identities (real RBAC)',
  () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'chokepoint-it-access-'));
      await kubectlOk(['create', 'namespace', 'access-it']);
      await kubectlOk([
        'create',
        'secret',
        'generic',
        'db',
        '-n',
        'access-it',
        '--from-literal=password=hunter2',
      ]);
    });
    afterAll(async () => {
      await kubectlOk(['delete', 'namespace', 'access-it', '--wait=false']);
    });

    it('a restricted identity without secrets gets a partial snapshot, a warning and exit 0', async () => {
      const rules = (deployClusterRoleRules() as { resources: string[] }[]).map(
        rule => ({
          ...rule,
          resources: rule.resources.filter(r => r !== 'secrets'),
        }),
      );
      await kubectlOk(['apply', '-f', '-'], {
        input: JSON.stringify({
          apiVersion: 'v1',
          kind: 'List',
          items: [
            {
              apiVersion: 'rbac.authorization.k8s.io/v1',
              kind: 'ClusterRole',
              metadata: { name: 'it-restricted' },
              rules,
            },
            {
              apiVersion: 'rbac.authorization.k8s.io/v1',
              kind: 'ClusterRoleBinding',
              metadata: { name: 'it-restricted' },
              roleRef: {
                apiGroup: 'rbac.authorization.k8s.io',
                kind: 'ClusterRole',
                name: 'it-restricted',
              },
              subjects: [
                {
                  apiGroup: 'rbac.authorization.k8s.io',
                  kind: 'User',
                  name: 'restricted',
                },
              ],
            },
          ],
        }),
      });
      const kubeconfig = x509User('restricted', ['chokepoint:readers']);
      const out = join(dir, 'restricted.json');
      const result = await runCli([
        'collect',
        '--kubeconfig',
        kubeconfig,
        '-o',
        out,
      ]);
      expect(result.stderr).toContain('warning: could not read secrets (403)');
      expect(result.stderr).toContain(
        'User "restricted" cannot list resource "secrets"',
      );
      expect(result.stderr).toContain('confirms it may not list them');
      expect(result.stderr).toMatch(
        /these techniques may be missing from the graph: .*TOKEN_LIST \(Secret\)/,
      );
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Not collected: secrets');
      const snapshot = JSON.parse(readFileSync(out, 'utf8')) as Snapshot;
      expect(snapshot.collection.gaps).toEqual([
        expect.objectContaining({ resource: 'secrets', code: 403 }) as unknown,
      ]);
      expect(snapshot.objects.Secret).toBeUndefined();
      expect(snapshot.objects.Pod ?? []).toBeDefined();
      expect((snapshot.objects.ClusterRole ?? []).length).toBeGreaterThan(50);
      expect(readFileSync(out, 'utf8')).not.toContain('hunter2');
    });

    it('an unreachable cluster exits 3 and says what to do', async () => {
      const config = readFileSync(target().kubeconfig, 'utf8').replace(
        /server: .*/,
        'server: https://127.0.0.1:1',
      );
      const file = join(dir, 'unreachable.kubeconfig');
      writeFileSync(file, config);
      const result = await runCli([
        'collect',
        '--kubeconfig',
        file,
        '-o',
        join(dir, 'x.json'),
      ]);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain(
        'cannot reach the API server at https://127.0.0.1:1',
      );
      expect(result.stderr).toContain('Check that the cluster is running');
    });

    it('the deploy/ ClusterRole collects all but Secrets, naming the blind techniques; the optional role adds them', async () => {
      await kubectlOk(['apply', '-f', DEPLOY]);
      await kubectlOk(['apply', '--dry-run=server', '-f', DEPLOY]);
      const token = (
        await kubectlOk([
          'create',
          'token',
          'chokepoint-collector',
          '-n',
          'chokepoint',
          '--duration=10m',
        ])
      ).trim();
      const admin = parse(readFileSync(target().kubeconfig, 'utf8')) as {
        clusters: {
          cluster: { server: string; 'certificate-authority': string };
        }[];
      };
      const c = admin.clusters[0]?.cluster;
      const file = join(dir, 'sa.kubeconfig');
      writeFileSync(
        file,
        `apiVersion: v1
kind: Config
clusters: [{name: local, cluster: {server: "${c?.server ?? ''}", certificate-authority: "${c?.['certificate-authority'] ?? ''}"}}]
users: [{name: sa, user: {token: "${token}"}}]
contexts: [{name: sa, context: {cluster: local, user: sa}}]
current-context: sa
`,
      );
      const asSaOptions = {
        kubeconfig: file,
        tool: 'it',
        now: () => new Date(),
      };
      const keys = (s: Snapshot) =>
        new Set(Object.values(s.objects).flatMap(l => l.map(objectKey)));
      const missingFrom = (seen: Snapshot, all: Snapshot) =>
        [...keys(all)].filter(
          k => !keys(seen).has(k) && !k.startsWith('Event'),
        );

      const withoutSecrets = await collect(asSaOptions);
      expect(withoutSecrets.snapshot.collection.gaps).toEqual([
        expect.objectContaining({ resource: 'secrets', code: 403 }) as unknown,
      ]);
      expect(withoutSecrets.snapshot.collection.warnings.at(-1)).toMatch(
        /^partial snapshot: 1 kind missing \(Secret\); these techniques may be missing from the graph: .*TOKEN_LIST \(Secret\).* deploy\/optional\/secrets\.yaml/,
      );
      const asAdmin = await collect({
        kubeconfig: target().kubeconfig,
        tool: 'it',
        now: () => new Date(),
      });
      // Everything the admin sees but Secrets (modulo objects created in between).
      expect(
        missingFrom(withoutSecrets.snapshot, asAdmin.snapshot).filter(
          k => !k.startsWith('Secret:'),
        ),
      ).toEqual([]);

      await kubectlOk(['apply', '-f', SECRETS]);
      const withSecrets = await collect(asSaOptions);
      expect(withSecrets.snapshot.collection.gaps).toEqual([]);
      expect(withSecrets.snapshot.collection.warnings).toEqual([]);
      expect(missingFrom(withSecrets.snapshot, asAdmin.snapshot)).toEqual([]);
      expect(
        withSecrets.snapshot.objects.Secret?.some(
          s => s.metadata.name === 'db',
        ),
      ).toBe(true);
      expect(JSON.stringify(withSecrets.snapshot)).not.toContain('hunter2');
      await kubectlOk(['delete', '-f', SECRETS]);
    });
  },
);
