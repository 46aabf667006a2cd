/**
 * GitOps controllers: they apply whatever their Git sources say, so the
 * cluster-wide install gives their reconcilers every permission on purpose.
 * Removing it stops every deployment they manage; the narrower setup is a
 * namespaced install (Argo CD's namespace-install.yaml, Flux's
 * multi-tenancy lockdown with a per-tenant ServiceAccount). Needs from each
 * project's install manifests.
 */

import type { ComponentFamily, Need } from './types.ts';

const API_CLIENT: Need = {
  level: 'breaks',
  why: 'it reads and applies cluster objects through the API server',
};

export const GITOPS: ComponentFamily = {
  family: 'gitops',
  description: 'GitOps controllers that apply what Git says',
  components: [
    {
      id: 'argocd-application-controller',
      name: 'Argo CD application controller',
      recognise: {
        images: ['argoproj/argocd'],
        command: ['argocd-application-controller'],
        labels: { 'app.kubernetes.io/name': 'argocd-application-controller' },
      },
      needs: {
        token: API_CLIENT,
        rbac: [
          {
            apiGroups: ['*'],
            resources: ['*'],
            verbs: ['*'],
            level: 'breaks',
            why: 'it creates, updates and prunes every kind of object its Applications name, in every namespace (ClusterRole argocd-application-controller of the cluster-wide install); to narrow it, use the namespaced install',
          },
        ],
      },
      sources: ['argoproj/argo-cd manifests/install.yaml'],
    },
    {
      id: 'argocd-server',
      name: 'Argo CD API server',
      recognise: {
        images: ['argoproj/argocd'],
        command: ['argocd-server'],
        labels: { 'app.kubernetes.io/name': 'argocd-server' },
      },
      needs: {
        token: API_CLIENT,
        rbac: [
          {
            apiGroups: [''],
            resources: ['secrets', 'configmaps'],
            verbs: [
              'get',
              'list',
              'watch',
              'create',
              'update',
              'patch',
              'delete',
            ],
            level: 'breaks',
            why: 'its settings, users and cluster credentials are Secrets and ConfigMaps of its namespace (Role argocd-server)',
            inOwnNamespace: true,
          },
          {
            apiGroups: ['argoproj.io'],
            resources: ['*'],
            verbs: ['*'],
            level: 'breaks',
            why: 'the UI and CLI read and change Applications and AppProjects',
          },
          {
            apiGroups: ['*'],
            resources: ['*'],
            verbs: ['get', 'list', 'watch', 'patch', 'delete'],
            level: 'degrades',
            why: 'the UI shows, patches and deletes the live objects of Applications (ClusterRole argocd-server)',
          },
        ],
      },
      sources: ['argoproj/argo-cd manifests/install.yaml'],
    },
    {
      id: 'argocd-applicationset-controller',
      name: 'Argo CD ApplicationSet controller',
      recognise: {
        images: ['argoproj/argocd'],
        command: ['argocd-applicationset-controller'],
        labels: {
          'app.kubernetes.io/name': 'argocd-applicationset-controller',
        },
      },
      needs: {
        token: API_CLIENT,
        rbac: [
          {
            apiGroups: ['argoproj.io', '', 'coordination.k8s.io'],
            resources: ['*'],
            verbs: ['*'],
            level: 'breaks',
            why: 'it generates Applications from ApplicationSets and reads cluster Secrets for its cluster generator (Role argocd-applicationset-controller)',
          },
        ],
      },
      scope: {
        why: 'it serves that namespace’s ApplicationSets by default; ApplicationSets in other namespaces (opt-in: applicationsetcontroller.namespaces) can no longer read Secrets there',
      },
      sources: [
        'argoproj/argo-cd manifests/install.yaml',
        'argo-cd docs operator-manual/applicationset/Appset-Any-Namespace.md',
      ],
    },
    {
      id: 'argocd-repo-server',
      name: 'Argo CD repository server',
      recognise: {
        images: ['argoproj/argocd'],
        command: ['argocd-repo-server'],
        labels: { 'app.kubernetes.io/name': 'argocd-repo-server' },
      },
      // install.yaml mounts no token into it: it renders manifests from Git only.
      needs: {},
      sources: ['argoproj/argo-cd manifests/install.yaml'],
    },
    {
      id: 'argocd-notifications-controller',
      name: 'Argo CD notifications controller',
      recognise: {
        images: ['argoproj/argocd'],
        command: ['argocd-notifications'],
        labels: { 'app.kubernetes.io/name': 'argocd-notifications-controller' },
      },
      needs: {
        token: API_CLIENT,
        rbac: [
          {
            apiGroups: ['argoproj.io', ''],
            resources: ['applications', 'appprojects', 'configmaps', 'secrets'],
            verbs: ['get', 'list', 'watch', 'update', 'patch'],
            level: 'breaks',
            why: 'it watches Applications and reads its triggers, templates and service credentials from its ConfigMap and Secret (Role argocd-notifications-controller)',
          },
        ],
      },
      sources: ['argoproj/argo-cd manifests/install.yaml'],
    },
    {
      id: 'argocd-dex-server',
      name: 'Argo CD Dex (single sign-on)',
      // Dex is also used on its own: only Argo CD's labels say it is this one.
      recognise: {
        images: ['dexidp/dex', 'argoproj/argocd'],
        labels: { 'app.kubernetes.io/name': 'argocd-dex-server' },
      },
      needs: {
        token: {
          level: 'breaks',
          why: 'it reads its connector configuration and secrets through the API server',
        },
        rbac: [
          {
            apiGroups: [''],
            resources: ['secrets', 'configmaps'],
            verbs: ['get', 'list', 'watch'],
            level: 'breaks',
            why: 'its SSO connectors and their client secrets are in argocd-cm and argocd-secret (Role argocd-dex-server)',
          },
        ],
      },
      sources: ['argoproj/argo-cd manifests/install.yaml'],
    },
    {
      id: 'argocd-redis',
      name: 'Argo CD Redis password initialiser',
      recognise: {
        images: ['argoproj/argocd'],
        labels: { 'app.kubernetes.io/name': 'argocd-redis' },
      },
      needs: {
        token: {
          level: 'breaks',
          why: 'its secret-init container creates the Redis password Secret through the API server before Redis starts',
          // Redis itself never calls the API server.
          containers: ['secret-init'],
        },
        rbac: [
          {
            apiGroups: [''],
            resources: ['secrets'],
            verbs: ['get', 'create'],
            level: 'breaks',
            why: 'it creates and reads the argocd-redis Secret (Role argocd-redis)',
          },
        ],
      },
      sources: ['argoproj/argo-cd manifests/install.yaml'],
    },
    {
      id: 'flux-reconciler',
      name: 'Flux kustomize and helm controllers',
      recognise: {
        images: ['fluxcd/kustomize-controller', 'fluxcd/helm-controller'],
      },
      needs: {
        token: API_CLIENT,
        rbac: [
          {
            apiGroups: ['*'],
            resources: ['*'],
            verbs: ['*'],
            level: 'breaks',
            why: 'it applies every kind of object its Kustomizations and HelmReleases name; Flux binds cluster-admin to it (ClusterRoleBinding cluster-reconciler); to narrow it, reconcile as a per-tenant ServiceAccount (--default-service-account)',
          },
        ],
      },
      sources: ['fluxcd/flux2 manifests/rbac/reconciler.yaml'],
    },
    {
      id: 'flux-source-controller',
      name: 'Flux source and notification controllers',
      recognise: {
        images: [
          'fluxcd/source-controller',
          'fluxcd/notification-controller',
          'fluxcd/image-reflector-controller',
          'fluxcd/image-automation-controller',
        ],
      },
      needs: {
        token: API_CLIENT,
        rbac: [
          {
            apiGroups: [''],
            resources: ['secrets'],
            verbs: ['get', 'list', 'watch'],
            level: 'breaks',
            why: 'it reads the Git, Helm and registry credentials that sources name',
          },
          {
            apiGroups: [
              'source.toolkit.fluxcd.io',
              'notification.toolkit.fluxcd.io',
              'image.toolkit.fluxcd.io',
              '',
              'coordination.k8s.io',
            ],
            resources: ['*'],
            verbs: ['*'],
            level: 'breaks',
            why: 'its sources, alerts and their status are Flux custom resources (ClusterRole crd-controller)',
          },
        ],
      },
      sources: ['fluxcd/flux2 manifests/rbac/controller.yaml'],
    },
  ],
};
