/**
 * The resources a Kubernetes 1.34 API server serves for reading (verb
 * `list`) in each built-in API group, top-level ones only: what a rule's
 * `*` covers on a cluster before custom resources are added. A read rule on
 * `*` is written out from this table to leave one resource out (RBAC has no
 * "all but"). test/it/k8s/fixes.test.ts compares it with the discovery of
 * the real API server the integration tests run.
 */
export const BUILT_IN_READABLE: Readonly<Record<string, readonly string[]>> = {
  '': [
    'componentstatuses',
    'configmaps',
    'endpoints',
    'events',
    'limitranges',
    'namespaces',
    'nodes',
    'persistentvolumeclaims',
    'persistentvolumes',
    'pods',
    'podtemplates',
    'replicationcontrollers',
    'resourcequotas',
    'secrets',
    'serviceaccounts',
    'services',
  ],
  'admissionregistration.k8s.io': [
    'mutatingwebhookconfigurations',
    'validatingadmissionpolicies',
    'validatingadmissionpolicybindings',
    'validatingwebhookconfigurations',
  ],
  'apiextensions.k8s.io': ['customresourcedefinitions'],
  'apiregistration.k8s.io': ['apiservices'],
  apps: [
    'controllerrevisions',
    'daemonsets',
    'deployments',
    'replicasets',
    'statefulsets',
  ],
  autoscaling: ['horizontalpodautoscalers'],
  batch: ['cronjobs', 'jobs'],
  'certificates.k8s.io': ['certificatesigningrequests'],
  'coordination.k8s.io': ['leases'],
  'discovery.k8s.io': ['endpointslices'],
  'events.k8s.io': ['events'],
  'flowcontrol.apiserver.k8s.io': [
    'flowschemas',
    'prioritylevelconfigurations',
  ],
  'networking.k8s.io': [
    'ingressclasses',
    'ingresses',
    'ipaddresses',
    'networkpolicies',
    'servicecidrs',
  ],
  'node.k8s.io': ['runtimeclasses'],
  policy: ['poddisruptionbudgets'],
  'rbac.authorization.k8s.io': [
    'clusterrolebindings',
    'clusterroles',
    'rolebindings',
    'roles',
  ],
  'resource.k8s.io': [
    'deviceclasses',
    'resourceclaims',
    'resourceclaimtemplates',
    'resourceslices',
  ],
  'scheduling.k8s.io': ['priorityclasses'],
  'storage.k8s.io': [
    'csidrivers',
    'csinodes',
    'csistoragecapacities',
    'storageclasses',
    'volumeattachments',
    'volumeattributesclasses',
  ],
};
