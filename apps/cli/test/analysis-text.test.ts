// The report's findings heading (issue #17, point 8): with no finding on an
// attack path it says so, instead of an empty "0 on an attack path:" list.
import { describe, expect, it } from 'vitest';
import { readInputs } from '@chokepoint/collector';
import { analyze } from '@chokepoint/engine';
import { analysisText } from '../src/output/analysis-text.ts';
import {
  readComponent,
  realComponent,
  withDeploymentArgs,
} from '../../../test/support/real-manifests.ts';

async function reportOf(yaml: string): Promise<string> {
  const snapshot = await readInputs(['-'], {
    readStdin: () => Promise.resolve(yaml),
    now: () => new Date(0),
    tool: 'test',
  });
  return analysisText(analyze(snapshot, { maxCandidates: 0 }).result, false);
}

describe('the findings heading', () => {
  it('says no finding is on an attack path rather than heading an empty list', async () => {
    // A NodePort Service without pods behind it: a finding, and no path.
    const text = await reportOf(`apiVersion: v1
kind: Service
metadata: { name: idle, namespace: quiet }
spec: { type: NodePort, selector: { app: none }, ports: [{ port: 80 }] }
`);
    expect(text).toMatch(
      /checklist findings? \([^)]*\); none on an attack path\.\n/,
    );
    expect(text).not.toMatch(/0 on an attack path/);
  });
});

describe('the choke points heading', () => {
  const EVERY_FIX_BREAKS = /^Every measured fix breaks a component: /m;

  it('puts first on cert-manager the webhook’s CA Secret moved to a namespace of its own, which breaks nothing', async () => {
    const { result } = analyze(
      await readComponent(realComponent('cert-manager')),
    );
    const text = analysisText(result, false);
    expect(text).not.toMatch(EVERY_FIX_BREAKS);
    const first = text.slice(text.indexOf('\n1. '), text.indexOf('\n2. '));
    expect(first).toContain(
      'move cert-manager webhook’s Secret cert-manager-webhook-ca to a namespace of its own, cert-manager-webhook-ca (its Role and RoleBinding made there, --dynamic-serving-ca-secret-namespace=cert-manager-webhook-ca on Deployment:cert-manager/cert-manager-webhook',
    );
    expect(first).toContain('cuts 2 of 6 exposed entry points, 4 stay exposed');
    expect(first).toMatch(
      /impact: none: cert-manager webhook \(Deployment:cert-manager\/cert-manager-webhook\) keeps what it needs in namespace cert-manager-webhook-ca/,
    );
  }, 120_000);

  it('says so when every measured fix breaks a component (cert-manager with its CA injector confined to its namespace: the Secret cannot move)', async () => {
    const snapshot = await readComponent(realComponent('cert-manager'));
    // `--namespace` confines the CA injector: it would no longer read a
    // Secret kept elsewhere, so that fix is not offered; each path left
    // uses what the controller, the webhook or the CA injector needs.
    const confined = withDeploymentArgs(
      snapshot,
      'cert-manager-cainjector',
      args => [...args, '--namespace=cert-manager'],
    );
    const { result } = analyze(confined);
    expect(result.chokepoints.length).toBeGreaterThan(0);
    expect(result.chokepoints.map(c => c.fix.id).join('\n')).not.toContain(
      '#secret-in-namespace-',
    );
    expect(
      result.chokepoints.every(c => c.fix.impact?.level === 'breaks'),
    ).toBe(true);
    expect(analysisText(result, false)).toMatch(EVERY_FIX_BREAKS);
  }, 120_000);

  it('says nothing of the kind when a fix breaks nothing (kube-prometheus: kube-state-metrics without Secrets)', async () => {
    const { result } = analyze(
      await readComponent(realComponent('kube-prometheus')),
    );
    expect(result.chokepoints[0]?.fix.impact?.level).not.toBe('breaks');
    expect(analysisText(result, false)).not.toMatch(EVERY_FIX_BREAKS);
  }, 120_000);

  it('puts first the fix an expert makes on ingress-nginx: the controller scoped to its namespace, which degrades it, above removing its Secrets, which breaks TLS', async () => {
    const { result } = analyze(
      await readComponent(realComponent('ingress-nginx')),
    );
    const text = analysisText(result, false);
    expect(text).not.toMatch(EVERY_FIX_BREAKS);
    const first = text.slice(text.indexOf('\n1. '), text.indexOf('\n2. '));
    expect(first).toContain(
      'scope the controller to namespace ingress-nginx (--watch-namespace=ingress-nginx on Deployment:ingress-nginx/ingress-nginx-controller)',
    );
    expect(first).toContain('cuts 7 of 7 exposed entry points, 0 stay exposed');
    expect(first).toMatch(
      /impact: degrades \(ingress-nginx\): .*--watch-namespace/,
    );
    // Removing the Secrets breaks TLS; its alternative, the scoped
    // controller, degrades ingress-nginx: the line says so.
    const second = text.slice(text.indexOf('\n2. '), text.indexOf('\n3. '));
    expect(second).toContain('impact: breaks (ingress-nginx)');
    expect(second).toContain(
      '   instead, breaking nothing but degrading ingress-nginx: scope the controller to namespace ingress-nginx',
    );
    expect(text).not.toContain(
      'breaking nothing instead: scope the controller',
    );
  }, 120_000);
});
