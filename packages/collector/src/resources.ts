/**
 * The resources Chokepoint reads, as a table: what a live collection lists
 * and how a dump file named `<plural>[.<group>].json` maps to a kind.
 */

export interface ResourceInfo {
  readonly kind: string;
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  readonly namespaced: boolean;
}

const r = (
  kind: string,
  group: string,
  version: string,
  plural: string,
  namespaced: boolean,
): ResourceInfo => ({ kind, group, version, plural, namespaced });

export const RESOURCES: readonly ResourceInfo[] = [
  r('Namespace', '', 'v1', 'namespaces', false),
  r('Node', '', 'v1', 'nodes', false),
  r('Pod', '', 'v1', 'pods', true),
  r('ServiceAccount', '', 'v1', 'serviceaccounts', true),
  r('Secret', '', 'v1', 'secrets', true),
  r('ConfigMap', '', 'v1', 'configmaps', true),
  r('Service', '', 'v1', 'services', true),
  r('Endpoints', '', 'v1', 'endpoints', true),
  r('ReplicationController', '', 'v1', 'replicationcontrollers', true),
  r('EndpointSlice', 'discovery.k8s.io', 'v1', 'endpointslices', true),
  r('Role', 'rbac.authorization.k8s.io', 'v1', 'roles', true),
  r('RoleBinding', 'rbac.authorization.k8s.io', 'v1', 'rolebindings', true),
  r('ClusterRole', 'rbac.authorization.k8s.io', 'v1', 'clusterroles', false),
  r(
    'ClusterRoleBinding',
    'rbac.authorization.k8s.io',
    'v1',
    'clusterrolebindings',
    false,
  ),
  r('Deployment', 'apps', 'v1', 'deployments', true),
  r('DaemonSet', 'apps', 'v1', 'daemonsets', true),
  r('StatefulSet', 'apps', 'v1', 'statefulsets', true),
  r('ReplicaSet', 'apps', 'v1', 'replicasets', true),
  r('Job', 'batch', 'v1', 'jobs', true),
  r('CronJob', 'batch', 'v1', 'cronjobs', true),
  r('Ingress', 'networking.k8s.io', 'v1', 'ingresses', true),
  r('IngressClass', 'networking.k8s.io', 'v1', 'ingressclasses', false),
  r('NetworkPolicy', 'networking.k8s.io', 'v1', 'networkpolicies', true),
  r('Gateway', 'gateway.networking.k8s.io', 'v1', 'gateways', true),
  r('HTTPRoute', 'gateway.networking.k8s.io', 'v1', 'httproutes', true),
  r('GRPCRoute', 'gateway.networking.k8s.io', 'v1', 'grpcroutes', true),
  r('TLSRoute', 'gateway.networking.k8s.io', 'v1alpha2', 'tlsroutes', true),
  r('TCPRoute', 'gateway.networking.k8s.io', 'v1alpha2', 'tcproutes', true),
  r(
    'ReferenceGrant',
    'gateway.networking.k8s.io',
    'v1beta1',
    'referencegrants',
    true,
  ),
  r(
    'MutatingWebhookConfiguration',
    'admissionregistration.k8s.io',
    'v1',
    'mutatingwebhookconfigurations',
    false,
  ),
  r(
    'ValidatingWebhookConfiguration',
    'admissionregistration.k8s.io',
    'v1',
    'validatingwebhookconfigurations',
    false,
  ),
  r(
    'ValidatingAdmissionPolicy',
    'admissionregistration.k8s.io',
    'v1',
    'validatingadmissionpolicies',
    false,
  ),
  r(
    'ValidatingAdmissionPolicyBinding',
    'admissionregistration.k8s.io',
    'v1',
    'validatingadmissionpolicybindings',
    false,
  ),
  r('RuntimeClass', 'node.k8s.io', 'v1', 'runtimeclasses', false),
];

export function apiVersionOf(resource: ResourceInfo): string {
  return resource.group === ''
    ? resource.version
    : `${resource.group}/${resource.version}`;
}

/** `pods`, `roles.rbac.authorization.k8s.io`: the resource's name in gaps and dump files. */
export function resourceName(resource: ResourceInfo): string {
  return resource.group === ''
    ? resource.plural
    : `${resource.plural}.${resource.group}`;
}

/** `pods`, `roles.rbac.authorization.k8s.io` -> the resource, if known. */
export function resourceByFileStem(stem: string): ResourceInfo | undefined {
  const dot = stem.indexOf('.');
  const plural = dot === -1 ? stem : stem.slice(0, dot);
  const group = dot === -1 ? '' : stem.slice(dot + 1);
  return RESOURCES.find(res => res.plural === plural && res.group === group);
}
