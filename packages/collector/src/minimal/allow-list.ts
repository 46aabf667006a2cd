/**
 * What a snapshot keeps of each kind: exactly the fields a rule, a finding,
 * the snapshot index or the analysis of packages/engine reads
 * (docs/snapshot.md, "What a snapshot keeps"). Environment values, command
 * lines (but for arguments that name a Secret), probes' commands, most
 * annotations and the bodies of kinds the engine does not read are not kept.
 * Two tests hold this list to the engine: every field the engine reads while
 * analysing the test corpora is kept (a read tracer), and the graph and
 * findings of every corpus are the same from the minimal snapshot as from
 * the full input.
 */

import { SECRET_NAME_ARG } from '@chokepoint/model';
import {
  fields,
  keys,
  list,
  map,
  named,
  only,
  present,
  scalar,
} from './shape.ts';
import type { Shape } from './shape.ts';

/** Annotation keys the engine reads on any object (the others are dropped). */
export const ANNOTATION_KEYS: readonly string[] = [
  'azure.workload.identity/client-id',
  'chokepoint.io/critical',
  'cloud.google.com/load-balancer-type',
  'eks.amazonaws.com/role-arn',
  'iam.gke.io/gcp-service-account',
  'ingressclass.kubernetes.io/is-default-class',
  'kubernetes.io/config.mirror',
  'kubernetes.io/ingress.class',
  'kubernetes.io/service-account.name',
  'kubernetes.io/service-account.uid',
  'networking.gke.io/load-balancer-type',
  'service.beta.kubernetes.io/aws-load-balancer-internal',
  'service.beta.kubernetes.io/aws-load-balancer-scheme',
  'service.beta.kubernetes.io/azure-load-balancer-internal',
  'service.beta.kubernetes.io/load-balancer-source-ranges',
];
export const ANNOTATION_PREFIXES: readonly string[] = [
  'container.apparmor.security.beta.kubernetes.io/',
];

const strings = list(scalar);
const annotations = keys(ANNOTATION_KEYS, ANNOTATION_PREFIXES);

const metadata = named(
  'metadata',
  fields({
    name: scalar,
    namespace: scalar,
    uid: scalar,
    labels: map(scalar),
    annotations,
    ownerReferences: list(
      fields({
        apiVersion: scalar,
        kind: scalar,
        name: scalar,
        uid: scalar,
        controller: scalar,
      }),
    ),
  }),
);

/** apiVersion, kind and metadata: what every object keeps, whatever its kind. */
const object = (rest: Readonly<Record<string, Shape>> = {}): Shape =>
  fields({ apiVersion: scalar, kind: scalar, metadata, ...rest });

const requirements = list(
  fields({ key: scalar, operator: scalar, values: strings }),
);
const labelSelector = named(
  'label selector',
  fields({ matchLabels: map(scalar), matchExpressions: requirements }),
);

const sharedSecurity = {
  runAsUser: scalar,
  runAsGroup: scalar,
  runAsNonRoot: scalar,
  seLinuxOptions: fields({
    user: scalar,
    role: scalar,
    type: scalar,
    level: scalar,
  }),
  seccompProfile: fields({ type: scalar, localhostProfile: scalar }),
  appArmorProfile: fields({ type: scalar, localhostProfile: scalar }),
  windowsOptions: fields({ hostProcess: scalar }),
};

/** The `host` of probe and lifecycle handlers (Pod Security baseline, 1.34); never a command. */
const handler = fields({
  httpGet: fields({ host: scalar, port: scalar }),
  tcpSocket: fields({ host: scalar, port: scalar }),
});

const secretNameArgs = only(
  SECRET_NAME_ARG,
  '`--…secret…name=<name>` arguments',
);

const container = named(
  'container',
  fields({
    name: scalar,
    image: scalar,
    restartPolicy: scalar,
    stdin: scalar,
    securityContext: fields({
      ...sharedSecurity,
      privileged: scalar,
      allowPrivilegeEscalation: scalar,
      readOnlyRootFilesystem: scalar,
      procMount: scalar,
      capabilities: fields({ add: strings, drop: strings }),
    }),
    volumeMounts: list(
      fields({
        name: scalar,
        mountPath: scalar,
        readOnly: scalar,
        recursiveReadOnly: scalar,
        subPath: scalar,
        subPathExpr: scalar,
        mountPropagation: scalar,
      }),
    ),
    ports: list(
      fields({
        name: scalar,
        containerPort: scalar,
        hostPort: scalar,
        protocol: scalar,
      }),
    ),
    // Of the command line, only the arguments that name a Secret the
    // workload creates at start-up (a name, never a value).
    command: secretNameArgs,
    args: secretNameArgs,
    // Which Secrets the environment takes, by name; never a value.
    env: list(
      fields({
        name: scalar,
        valueFrom: fields({
          secretKeyRef: fields({ name: scalar, key: scalar }),
        }),
      }),
    ),
    envFrom: list(fields({ secretRef: fields({ name: scalar }) })),
    resources: fields({ limits: map(scalar) }),
    livenessProbe: handler,
    readinessProbe: handler,
    startupProbe: handler,
    lifecycle: fields({ postStart: handler, preStop: handler }),
  }),
);

const volume = named(
  'volume',
  fields(
    {
      name: scalar,
      hostPath: fields({ path: scalar, type: scalar }),
      secret: fields({ secretName: scalar }),
      projected: fields({
        sources: list(
          fields({
            serviceAccountToken: fields({ audience: scalar, path: scalar }),
            secret: fields({ name: scalar }),
          }),
        ),
      }),
    },
    // The type of every other volume (emptyDir, configMap, ...), not its settings.
    present,
  ),
);

const podSpec = named(
  'pod spec',
  fields({
    containers: list(container),
    initContainers: list(container),
    ephemeralContainers: list(container),
    volumes: list(volume),
    securityContext: fields({
      ...sharedSecurity,
      supplementalGroups: strings,
      fsGroup: scalar,
      sysctls: list(fields({ name: scalar, value: scalar })),
    }),
    hostUsers: scalar,
    hostPID: scalar,
    hostIPC: scalar,
    hostNetwork: scalar,
    shareProcessNamespace: scalar,
    serviceAccountName: scalar,
    serviceAccount: scalar,
    automountServiceAccountToken: scalar,
    runtimeClassName: scalar,
    nodeName: scalar,
    os: fields({ name: scalar }),
    nodeSelector: map(scalar),
    affinity: fields({
      nodeAffinity: fields({
        requiredDuringSchedulingIgnoredDuringExecution: fields({
          nodeSelectorTerms: list(
            fields({
              matchExpressions: requirements,
              matchFields: requirements,
            }),
          ),
        }),
      }),
    }),
    tolerations: list(
      fields({ key: scalar, operator: scalar, value: scalar, effect: scalar }),
    ),
    imagePullSecrets: list(fields({ name: scalar })),
  }),
);

const template = fields({
  // Annotations: the AppArmor ones Pod Security checks on a stand-in.
  metadata: fields({ labels: map(scalar), annotations }),
  spec: podSpec,
});

const controller = object({
  spec: fields({
    // Scaled to zero: no pod to exec into (engine pod-targets.ts).
    replicas: scalar,
    template,
    updateStrategy: fields({ type: scalar }),
  }),
});

const containerStatuses = list(
  fields({
    name: scalar,
    volumeMounts: list(
      fields({ mountPath: scalar, recursiveReadOnly: scalar }),
    ),
  }),
);

const rbacRules = list(
  fields({
    apiGroups: strings,
    resources: strings,
    verbs: strings,
    resourceNames: strings,
    nonResourceURLs: strings,
  }),
);
const binding = object({
  roleRef: fields({ apiGroup: scalar, kind: scalar, name: scalar }),
  subjects: list(
    fields({
      kind: scalar,
      apiGroup: scalar,
      name: scalar,
      namespace: scalar,
    }),
  ),
});

const loadBalancer = fields({
  loadBalancer: fields({
    ingress: list(fields({ ip: scalar, hostname: scalar })),
  }),
});

const ingressBackend = fields({
  service: fields({ name: scalar }),
  // networking.k8s.io/v1beta1 and extensions/v1beta1
  serviceName: scalar,
});

const backendRef = fields({
  group: scalar,
  kind: scalar,
  name: scalar,
  namespace: scalar,
});
const routeFilters = list(fields({ requestMirror: fields({ backendRef }) }));
const route = object({
  spec: fields({
    parentRefs: list(
      fields({
        group: scalar,
        kind: scalar,
        name: scalar,
        namespace: scalar,
        sectionName: scalar,
        port: scalar,
      }),
    ),
    rules: list(
      fields({
        backendRefs: list(
          fields({
            group: scalar,
            kind: scalar,
            name: scalar,
            namespace: scalar,
            filters: routeFilters,
          }),
        ),
        filters: routeFilters,
      }),
    ),
  }),
});

const admissionRules = list(
  fields({ operations: strings, apiGroups: strings, resources: strings }),
);
const webhookConfiguration = object({
  webhooks: list(
    fields({
      name: scalar,
      rules: admissionRules,
      namespaceSelector: labelSelector,
    }),
  ),
});

const kyvernoResources = fields({
  kinds: strings,
  namespaces: strings,
  namespaceSelector: labelSelector,
});
const kyvernoPolicy = object({
  spec: fields({
    validationFailureAction: scalar,
    rules: list(
      fields({
        validate: fields({ failureAction: scalar }),
        match: fields({
          resources: kyvernoResources,
          any: list(fields({ resources: kyvernoResources })),
          all: list(fields({ resources: kyvernoResources })),
        }),
        exclude: fields({ resources: fields({ namespaces: strings }) }),
      }),
    ),
  }),
});

const gatekeeperConstraint = object({
  spec: fields({
    enforcementAction: scalar,
    match: fields({
      kinds: list(fields({ apiGroups: strings, kinds: strings })),
      namespaces: strings,
      excludedNamespaces: strings,
      namespaceSelector: labelSelector,
    }),
  }),
});

/** Shapes by kind; the engine reads these kinds whatever their API group. */
export const KIND_SHAPES: Readonly<Record<string, Shape>> = {
  ClusterRole: object({
    rules: rbacRules,
    aggregationRule: fields({ clusterRoleSelectors: list(labelSelector) }),
  }),
  ClusterRoleBinding: binding,
  // Only kube-system/aws-auth keeps its data through redaction (redact.ts).
  ConfigMap: object({ data: map(scalar) }),
  CronJob: object({
    spec: fields({
      suspend: scalar,
      jobTemplate: fields({ spec: fields({ template }) }),
    }),
  }),
  DaemonSet: controller,
  Deployment: controller,
  EndpointSlice: object({
    endpoints: list(
      fields({
        targetRef: fields({ kind: scalar, name: scalar, namespace: scalar }),
      }),
    ),
    ports: list(fields({ name: scalar, port: scalar, protocol: scalar })),
  }),
  Gateway: object({
    spec: fields({
      gatewayClassName: scalar,
      listeners: list(
        fields({
          name: scalar,
          port: scalar,
          protocol: scalar,
          allowedRoutes: fields({
            namespaces: fields({ from: scalar, selector: labelSelector }),
            kinds: list(fields({ group: scalar, kind: scalar })),
          }),
        }),
      ),
    }),
    status: fields({
      addresses: list(fields({ type: scalar, value: scalar })),
    }),
  }),
  GRPCRoute: route,
  HTTPRoute: route,
  Ingress: object({
    spec: fields({
      ingressClassName: scalar,
      defaultBackend: ingressBackend,
      backend: ingressBackend,
      rules: list(
        fields({
          http: fields({ paths: list(fields({ backend: ingressBackend })) }),
        }),
      ),
    }),
    status: loadBalancer,
  }),
  IngressClass: object({ spec: fields({ controller: scalar }) }),
  // A finished or suspended Job runs no pod (engine stand-in-state.ts).
  Job: object({
    spec: fields({ template, suspend: scalar }),
    status: fields({
      conditions: list(fields({ type: scalar, status: scalar })),
      completionTime: scalar,
    }),
  }),
  MutatingWebhookConfiguration: webhookConfiguration,
  Node: object({
    spec: fields({
      providerID: scalar,
      taints: list(fields({ key: scalar, value: scalar, effect: scalar })),
    }),
    status: fields({
      addresses: list(fields({ type: scalar, address: scalar })),
      nodeInfo: fields({
        containerRuntimeVersion: scalar,
        kernelVersion: scalar,
        kubeletVersion: scalar,
        operatingSystem: scalar,
        osImage: scalar,
      }),
    }),
  }),
  Pod: object({
    spec: podSpec,
    status: fields({
      phase: scalar,
      containerStatuses,
      initContainerStatuses: containerStatuses,
      ephemeralContainerStatuses: containerStatuses,
    }),
  }),
  PodTemplate: object({ template }),
  ReferenceGrant: object({
    spec: fields({
      from: list(fields({ group: scalar, kind: scalar, namespace: scalar })),
      to: list(fields({ group: scalar, kind: scalar, name: scalar })),
    }),
  }),
  ReplicaSet: controller,
  ReplicationController: controller,
  // The RBAC model looks for aggregation on every role.
  Role: object({
    rules: rbacRules,
    aggregationRule: fields({ clusterRoleSelectors: list(labelSelector) }),
  }),
  RoleBinding: binding,
  RuntimeClass: object({ handler: scalar }),
  Secret: object({ type: scalar }),
  Service: object({
    spec: fields({
      type: scalar,
      // Whether a LoadBalancer opens node ports (F-SVC-NODEPORT).
      allocateLoadBalancerNodePorts: scalar,
      clusterIP: scalar,
      externalIPs: strings,
      loadBalancerSourceRanges: strings,
      selector: map(scalar),
      ports: list(
        fields({
          name: scalar,
          port: scalar,
          targetPort: scalar,
          protocol: scalar,
        }),
      ),
    }),
  }),
  ServiceAccount: object({
    automountServiceAccountToken: scalar,
    secrets: list(fields({ name: scalar })),
  }),
  StatefulSet: controller,
  TCPRoute: route,
  TLSRoute: route,
  UDPRoute: route,
  ValidatingAdmissionPolicy: object({
    spec: fields({
      matchConstraints: fields({
        resourceRules: admissionRules,
        namespaceSelector: labelSelector,
      }),
    }),
  }),
  ValidatingAdmissionPolicyBinding: object({
    spec: fields({
      policyName: scalar,
      validationActions: strings,
      matchResources: fields({
        resourceRules: admissionRules,
        namespaceSelector: labelSelector,
      }),
    }),
  }),
  ValidatingWebhookConfiguration: webhookConfiguration,
};

/** Shapes by API group, for the policy engines whose kinds are their users' own. */
export const GROUP_SHAPES: Readonly<Record<string, Shape>> = {
  'kyverno.io': kyvernoPolicy,
  'constraints.gatekeeper.sh': gatekeeperConstraint,
};

/** Any other kind: what it is and its metadata, never its body. */
export const OTHER_KINDS: Shape = object();
