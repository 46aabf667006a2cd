/**
 * The corpus itself: every component keeps its upstream licence and says
 * where it came from, and reads as its users apply it, object for object.
 * The counts guard the files against edits: they are upstream data, never
 * changed here (SOURCE.md says "unmodified").
 */

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  REAL_COMPONENTS,
  REAL_MANIFESTS,
  readComponent,
} from '../support/real-manifests.ts';

const COUNTS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  'argo-cd': {
    ClusterRole: 3,
    ClusterRoleBinding: 3,
    ConfigMap: 7,
    CustomResourceDefinition: 3,
    Deployment: 6,
    NetworkPolicy: 7,
    Role: 6,
    RoleBinding: 6,
    Secret: 2,
    Service: 8,
    ServiceAccount: 7,
    StatefulSet: 1,
  },
  'cert-manager': {
    ClusterRole: 13,
    ClusterRoleBinding: 10,
    CustomResourceDefinition: 6,
    Deployment: 3,
    MutatingWebhookConfiguration: 1,
    Namespace: 1,
    Role: 3,
    RoleBinding: 3,
    Service: 2,
    ServiceAccount: 3,
    ValidatingWebhookConfiguration: 1,
  },
  flannel: {
    ClusterRole: 1,
    ClusterRoleBinding: 1,
    ConfigMap: 1,
    DaemonSet: 1,
    Namespace: 1,
    ServiceAccount: 1,
  },
  gatekeeper: {
    ClusterRole: 1,
    ClusterRoleBinding: 1,
    CustomResourceDefinition: 17,
    Deployment: 2,
    MutatingWebhookConfiguration: 1,
    Namespace: 1,
    PodDisruptionBudget: 1,
    ResourceQuota: 1,
    Role: 1,
    RoleBinding: 1,
    Secret: 1,
    Service: 1,
    ServiceAccount: 1,
    ValidatingWebhookConfiguration: 1,
  },
  'ingress-nginx': {
    ClusterRole: 2,
    ClusterRoleBinding: 2,
    ConfigMap: 1,
    Deployment: 1,
    IngressClass: 1,
    Job: 2,
    Namespace: 1,
    Role: 2,
    RoleBinding: 2,
    Service: 2,
    ServiceAccount: 2,
    ValidatingWebhookConfiguration: 1,
  },
  'kube-prometheus': {
    APIService: 1,
    Alertmanager: 1,
    ClusterRole: 8,
    ClusterRoleBinding: 7,
    ConfigMap: 36,
    DaemonSet: 1,
    Deployment: 5,
    Namespace: 1,
    NetworkPolicy: 8,
    PodDisruptionBudget: 3,
    Prometheus: 1,
    PrometheusRule: 8,
    Role: 4,
    RoleBinding: 5,
    Secret: 3,
    Service: 8,
    ServiceAccount: 8,
    ServiceMonitor: 13,
  },
  'kubernetes-goat': {
    ClusterPolicy: 1,
    ClusterRoleBinding: 1,
    DaemonSet: 1,
    Deployment: 8,
    Job: 4,
    Namespace: 2,
    Role: 1,
    RoleBinding: 1,
    Secret: 3,
    Service: 9,
    ServiceAccount: 2,
  },
  longhorn: {
    ClusterRole: 1,
    ClusterRoleBinding: 2,
    ConfigMap: 3,
    CustomResourceDefinition: 25,
    DaemonSet: 1,
    Deployment: 2,
    Namespace: 1,
    NetworkPolicy: 6,
    PriorityClass: 1,
    Role: 1,
    RoleBinding: 1,
    Service: 4,
    ServiceAccount: 3,
  },
  metallb: {
    ClusterRole: 2,
    ClusterRoleBinding: 2,
    ConfigMap: 1,
    CustomResourceDefinition: 9,
    DaemonSet: 1,
    Deployment: 1,
    Namespace: 1,
    Role: 2,
    RoleBinding: 2,
    Secret: 1,
    Service: 1,
    ServiceAccount: 2,
    ValidatingWebhookConfiguration: 1,
  },
};

/** Files of the folder that hold no objects: Kubernetes Goat's Helm chart metadata-db (Chart.yaml, values.yaml, four templates). */
const SKIPPED: Readonly<Record<string, number>> = { 'kubernetes-goat': 6 };

describe('the real-manifests corpus', () => {
  it('has a folder for every component and a component for every folder', () => {
    expect(Object.keys(COUNTS).sort()).toEqual(
      REAL_COMPONENTS.map(c => c.name).sort(),
    );
  });

  describe.each(REAL_COMPONENTS)('$name ($role)', component => {
    const folder = join(REAL_MANIFESTS, component.name);

    it('keeps the upstream licence and names its source', () => {
      expect(existsSync(join(folder, 'LICENSE'))).toBe(true);
      const source = readFileSync(join(folder, 'SOURCE.md'), 'utf8');
      expect(source).toMatch(
        /Repository: https:\/\/github\.com\/[\w.-]+\/[\w.-]+/,
      );
      expect(source).toMatch(/Path: `[^`]+`/);
      expect(source).toMatch(/commit `[0-9a-f]{40}` \(\d{4}-\d{2}-\d{2}\)/);
      expect(source).toMatch(/Licence: (Apache-2\.0|MIT)/);
    });

    it('reads as its users apply it, object for object', async () => {
      const snapshot = await readComponent(component);
      const counts = Object.fromEntries(
        Object.entries(snapshot.objects).map(([kind, list]) => [
          kind,
          list.length,
        ]),
      );
      expect(counts).toEqual(COUNTS[component.name]);
      expect(snapshot.collection.skippedFiles ?? 0).toBe(
        SKIPPED[component.name] ?? 0,
      );
    });
  });
});
