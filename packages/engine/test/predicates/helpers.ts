// Small builders for inline test objects: real Kubernetes shapes, only the
// fields a case exercises.
import type { KubeObject } from '@chokepoint/model';
import { DEFAULT_POLICY, resolvePolicy } from '../../src/policy.ts';
import type { Policy } from '../../src/policy.ts';
import { nodeFactsOf } from '../../src/predicates/node-facts.ts';
import type { NodeFacts } from '../../src/predicates/node-facts.ts';

export function pod(
  spec: Record<string, unknown>,
  metadata: Record<string, unknown> = {},
  rest: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', ...metadata },
    spec,
    ...rest,
  };
}

/** A pod with one container `c` whose securityContext is `sc`. */
export function podWith(
  sc: Record<string, unknown> | undefined,
  extra: Record<string, unknown> = {},
  container: Record<string, unknown> = {},
): KubeObject {
  return pod({
    containers: [
      {
        name: 'c',
        image: 'ubuntu',
        ...(sc === undefined ? {} : { securityContext: sc }),
        ...container,
      },
    ],
    ...extra,
  });
}

export function node(
  name: string,
  options: {
    labels?: Record<string, string>;
    nodeInfo?: Record<string, string>;
    spec?: Record<string, unknown>;
    addresses?: { type: string; address: string }[];
  } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, ...(options.labels ? { labels: options.labels } : {}) },
    spec: options.spec ?? {},
    status: {
      ...(options.nodeInfo ? { nodeInfo: options.nodeInfo } : {}),
      ...(options.addresses ? { addresses: options.addresses } : {}),
    },
  };
}

export function policyOf(document: unknown): Policy {
  const { policy, problems } = resolvePolicy(document);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return policy;
}

/** Facts of a Node without nodeInfo under an optional policy (the conformance scaffold). */
export function factsOf(
  document?: unknown,
  n: KubeObject = node('worker'),
  serverVersion?: string,
): NodeFacts {
  return nodeFactsOf(n, {
    policy: document === undefined ? DEFAULT_POLICY : policyOf(document),
    serverVersion,
  });
}
