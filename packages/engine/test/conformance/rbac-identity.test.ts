/**
 * Conformance of the rbac-identity rules (catalog 3.5 TOKEN_*, SECRET_READ,
 * IMPERSONATE_*, ROLE_BIND, ROLE_ESCALATE, CSR_CLIENT_CERT, AWS_AUTH_PATCH)
 * against the shared expectations: the KubeHound fixtures with the scaffold
 * of kubehound/expected.json (mustHave / mustNotHave edge facts of these
 * kinds, and the augmented token checks), and the bootstrap RBAC policy of
 * k8s-bootstrap-rbac/expected.md (its machine-readable summary).
 */

import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AttackGraph, Confidence } from '@chokepoint/model';
import { buildAttackGraph } from '../../src/build-graph.ts';
import type { RuleSet } from '../../src/build-graph.ts';
import { awsAuthPatch } from '../../src/rules/aws-auth-patch.ts';
import { csrClientCert } from '../../src/rules/csr-client-cert.ts';
import { impersonateGroup } from '../../src/rules/impersonate-group.ts';
import { impersonateSa } from '../../src/rules/impersonate-sa.ts';
import { impersonateUser } from '../../src/rules/impersonate-user.ts';
import { roleBind } from '../../src/rules/role-bind.ts';
import { roleEscalate } from '../../src/rules/role-escalate.ts';
import { secretRead } from '../../src/rules/secret-read.ts';
import { tokenBruteforce } from '../../src/rules/token-bruteforce.ts';
import { tokenList } from '../../src/rules/token-list.ts';
import { tokenNameKnown } from '../../src/rules/token-name-known.ts';
import { tokenRequest } from '../../src/rules/token-request.ts';
import { tokenSecretCreate } from '../../src/rules/token-secret-create.ts';
import { snapshotOf } from '../manifests.ts';
import { matchingFacts, targetOf } from './edge-facts.ts';
import type { IdentityFact as Fact } from './edge-facts.ts';
import {
  SHARED,
  kubehoundExpected,
  kubehoundInput,
} from './kubehound-input.ts';
import type { Doc } from './kubehound-input.ts';

const RULES: RuleSet = {
  AWS_AUTH_PATCH: awsAuthPatch,
  CSR_CLIENT_CERT: csrClientCert,
  IMPERSONATE_GROUP: impersonateGroup,
  IMPERSONATE_SA: impersonateSa,
  IMPERSONATE_USER: impersonateUser,
  ROLE_BIND: roleBind,
  ROLE_ESCALATE: roleEscalate,
  SECRET_READ: secretRead,
  TOKEN_BRUTEFORCE: tokenBruteforce,
  TOKEN_LIST: tokenList,
  TOKEN_NAME_KNOWN: tokenNameKnown,
  TOKEN_REQUEST: tokenRequest,
  TOKEN_SECRET_CREATE: tokenSecretCreate,
};
const KINDS = new Set(Object.keys(RULES));

interface Augmented {
  readonly add: unknown;
  readonly mustHave?: readonly Fact[];
  readonly mustNotHave?: readonly Fact[];
}

interface Scenario {
  readonly file: string;
  readonly mustHave?: readonly Fact[];
  readonly mustNotHave?: readonly Fact[];
  readonly augmented?: Augmented;
  readonly augmentedInvalidToken?: Augmented;
}

const expected = kubehoundExpected<Scenario>();

const matching = (graph: AttackGraph, fact: Fact): [string, Confidence][] =>
  matchingFacts(graph, fact, [...KINDS]);

const mine = (facts: readonly Fact[] | undefined): Fact[] =>
  (facts ?? []).filter(f => KINDS.has(f.kind) || f.kind === '*');

function check(
  graph: AttackGraph,
  scenario: { mustHave?: readonly Fact[]; mustNotHave?: readonly Fact[] },
): void {
  for (const fact of mine(scenario.mustHave)) {
    const found = matching(graph, fact);
    expect(
      found.length,
      `mustHave ${fact.kind} ${fact.from} -> ${targetOf(fact)}`,
    ).toBeGreaterThan(0);
    if (fact.confidence !== undefined) {
      expect(
        found[0]?.[1],
        `confidence of ${fact.kind} ${fact.from} -> ${targetOf(fact)}`,
      ).toBe(fact.confidence);
    }
  }
  for (const fact of mine(scenario.mustNotHave)) {
    expect(
      matching(graph, fact),
      `mustNotHave ${fact.kind} ${fact.from} -> ${targetOf(fact)}`,
    ).toEqual([]);
  }
}

describe('conformance: kubehound fixtures, rbac-identity kinds', async () => {
  const graph = buildAttackGraph(
    await snapshotOf(kubehoundInput()),
    RULES,
  ).graph;
  it.each(expected.scenarios.map(s => [s.file, s] as const))(
    '%s',
    (_file, scenario) => {
      check(graph, scenario);
    },
  );

  const augmented = expected.scenarios.flatMap(s =>
    (['augmented', 'augmentedInvalidToken'] as const).flatMap(key => {
      const variant = s[key];
      return variant === undefined
        ? []
        : [[`${s.file} ${key}`, variant] as const];
    }),
  );
  it.each(augmented)('%s', async (_name, variant) => {
    const extra = Array.isArray(variant.add)
      ? (variant.add as Doc[])
      : [variant.add as Doc];
    const withExtra = buildAttackGraph(
      await snapshotOf(kubehoundInput(extra)),
      RULES,
    ).graph;
    check(withExtra, variant);
  });
});

describe('conformance: bootstrap RBAC policy, rbac-identity kinds', async () => {
  const dir = fileURLToPath(new URL('k8s-bootstrap-rbac', SHARED));
  const files = (await readdir(dir)).filter(f => f.endsWith('.yaml')).sort();
  const yaml = (
    await Promise.all(files.map(f => readFile(`${dir}/${f}`, 'utf8')))
  ).join('\n---\n');
  const graph = buildAttackGraph(await snapshotOf(yaml), RULES).graph;
  const markdown = await readFile(`${dir}/expected.md`, 'utf8');
  const json = /```json\n([\s\S]*?)\n```/.exec(markdown)?.[1] ?? '{}';
  const summary = JSON.parse(json) as {
    mustHaveEdges: Fact[];
    mustNotHaveEdges: Fact[];
  };

  it('mustHaveEdges of these kinds', () => {
    check(graph, { mustHave: summary.mustHaveEdges });
  });
  it('mustNotHaveEdges of these kinds', () => {
    check(graph, { mustNotHave: summary.mustNotHaveEdges });
  });
  it('User:system:kube-controller-manager: TOKEN_REQUEST and TOKEN_SECRET_CREATE to every ServiceAccount, medium when inferred', () => {
    for (const kind of ['TOKEN_REQUEST', 'TOKEN_SECRET_CREATE']) {
      const found = matching(graph, {
        from: 'User:system:kube-controller-manager',
        to: 'ServiceAccount:kube-system/*',
        kind,
      });
      expect(found.length, kind).toBeGreaterThan(30);
      for (const [edge, confidence] of found) {
        // kube-system/default always exists (catalog 2.6); the others are inferred from binding subjects.
        expect(confidence, edge).toBe(
          edge.endsWith('/default') ? 'high' : 'medium',
        );
      }
    }
  });
  it('the identities that must reach nothing get no edge of these kinds', () => {
    for (const from of [
      'Group:system:authenticated',
      'Group:system:unauthenticated',
      'User:system:kube-scheduler',
      'User:system:kube-proxy',
      'ServiceAccount:kube-system/certificate-controller',
      'ServiceAccount:kube-system/service-account-controller',
      'ServiceAccount:kube-system/legacy-service-account-token-cleaner',
      'ServiceAccount:kube-system/cloud-provider',
    ]) {
      expect(matching(graph, { from, to: '*', kind: '*' }), from).toEqual([]);
    }
  });
});
