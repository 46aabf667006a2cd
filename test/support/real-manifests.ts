/**
 * The corpus of real public install manifests (test/fixtures/real-manifests,
 * one folder per component with its upstream LICENSE and a SOURCE.md): what
 * each component is, and how its users apply it. Tests of every area read
 * the corpus through this module, so a component is added in one place.
 */

import { join } from 'node:path';
import { readInputs } from '@chokepoint/collector';
import type { Snapshot } from '@chokepoint/model';
import { REPO_ROOT } from './paths.ts';

export const REAL_MANIFESTS = join(REPO_ROOT, 'test/fixtures/real-manifests');

export interface RealComponent {
  /** The folder under test/fixtures/real-manifests. */
  readonly name: string;
  /** What a security engineer would call it. */
  readonly role: string;
  /** The install files, relative to the component's folder (`.`: the whole folder). */
  readonly inputs: readonly string[];
  /** The namespace its users give `kubectl apply -n` (the manifests leave it out). */
  readonly namespace?: string;
}

export const REAL_COMPONENTS: readonly RealComponent[] = [
  {
    name: 'argo-cd',
    role: 'GitOps controller',
    inputs: ['install.yaml'],
    namespace: 'argocd',
  },
  {
    name: 'cert-manager',
    role: 'certificate manager',
    inputs: ['cert-manager.yaml'],
  },
  { name: 'flannel', role: 'CNI', inputs: ['kube-flannel.yml'] },
  { name: 'gatekeeper', role: 'policy engine', inputs: ['gatekeeper.yaml'] },
  {
    name: 'ingress-nginx',
    role: 'ingress controller',
    inputs: ['deploy.yaml'],
  },
  { name: 'kube-prometheus', role: 'monitoring stack', inputs: ['manifests'] },
  {
    name: 'kubernetes-goat',
    role: 'vulnerable training cluster',
    inputs: ['scenarios'],
  },
  { name: 'longhorn', role: 'storage provisioner', inputs: ['longhorn.yaml'] },
  { name: 'metallb', role: 'load balancer', inputs: ['metallb-native.yaml'] },
];

export function realComponent(name: string): RealComponent {
  const found = REAL_COMPONENTS.find(c => c.name === name);
  if (found === undefined)
    throw new Error(`no real-manifests component ${name}`);
  return found;
}

/** Paths of a component's install files, as a user names them on the command line. */
export function componentInputs(component: RealComponent): string[] {
  return component.inputs.map(input =>
    join(REAL_MANIFESTS, component.name, input),
  );
}

/** The snapshot of one component, read as its users apply it. */
export function readComponent(component: RealComponent): Promise<Snapshot> {
  return readInputs(componentInputs(component), {
    readStdin: () => Promise.resolve(''),
    now: () => new Date('2026-12-06T00:00:00Z'),
    tool: 'chokepoint test',
    ...(component.namespace === undefined
      ? {}
      : { namespace: component.namespace }),
  });
}

/**
 * The snapshot with the container args of one Deployment changed (a flag
 * its users set that the upstream manifest does not).
 */
export function withDeploymentArgs(
  snapshot: Snapshot,
  name: string,
  change: (args: readonly string[]) => string[],
): Snapshot {
  const deployments = (snapshot.objects.Deployment ?? []).map(d => {
    if (d.metadata.name !== name) return d;
    const spec = d.spec as {
      template: { spec: { containers: { args?: string[] }[] } };
    };
    return {
      ...d,
      spec: {
        ...spec,
        template: {
          ...spec.template,
          spec: {
            ...spec.template.spec,
            containers: spec.template.spec.containers.map(c => ({
              ...c,
              args: change(c.args ?? []),
            })),
          },
        },
      },
    };
  });
  return {
    ...snapshot,
    objects: { ...snapshot.objects, Deployment: deployments },
  };
}
