/**
 * CNI agents: the daemons that give every pod its network. Each runs on
 * every node with the node's network namespace and writes the CNI plugin
 * and its configuration onto the host; taking those away stops pod
 * networking on the node (new pods get no address). Needs from each
 * project's reference manifest, named in `sources`.
 */

import type { ComponentFamily, HostPathNeed } from './types.ts';

const CNI_DIRS: readonly HostPathNeed[] = [
  {
    path: '/etc/cni/net.d',
    below: true,
    level: 'breaks',
    why: 'it writes the CNI configuration the kubelet reads to network every new pod',
  },
  {
    path: '/opt/cni/bin',
    below: true,
    level: 'breaks',
    why: 'it installs the CNI plugin binary the container runtime runs for every new pod',
  },
];

const XTABLES_LOCK: HostPathNeed = {
  path: '/run/xtables.lock',
  level: 'degrades',
  why: 'it shares the iptables lock with kube-proxy; without it concurrent rule updates fail now and then',
};

const LIB_MODULES: HostPathNeed = {
  path: '/lib/modules',
  level: 'degrades',
  why: 'it loads the kernel modules of its tunnel and filtering features when the node has not',
};

const NODE_NETWORK = {
  level: 'breaks',
  why: 'it is the node’s pod network: it programs routes and devices in the node’s own network namespace',
} as const;

export const CNI: ComponentFamily = {
  family: 'cni',
  description: 'CNI agents that give every pod its network',
  components: [
    {
      id: 'calico-node',
      name: 'Calico node agent (CNI)',
      recognise: { images: ['calico/node', 'calico/cni'] },
      needs: {
        privileged: {
          level: 'breaks',
          why: 'it programs routes, iptables or eBPF and the host end of every pod’s interface; calico.yaml runs calico-node and its CNI installer privileged',
        },
        hostNetwork: NODE_NETWORK,
        root: {
          level: 'breaks',
          why: 'routing and iptables writes need UID 0',
        },
        hostPaths: [
          ...CNI_DIRS,
          LIB_MODULES,
          XTABLES_LOCK,
          {
            path: '/var/run/calico',
            below: true,
            level: 'breaks',
            why: 'Felix and the CNI plugin share their state there',
          },
          {
            path: '/var/lib/calico',
            below: true,
            level: 'breaks',
            why: 'the CNI plugin reads the node name Calico writes there',
          },
          {
            path: '/var/log/calico',
            below: true,
            level: 'degrades',
            why: 'the CNI plugin logs there',
          },
          {
            path: '/sys/fs',
            below: true,
            level: 'degrades',
            why: 'the eBPF dataplane pins its programs and maps in the BPF filesystem',
          },
          {
            path: '/proc',
            level: 'degrades',
            why: 'the eBPF dataplane reads host processes’ network namespaces',
          },
          {
            path: '/var/run/nodeagent',
            below: true,
            level: 'degrades',
            why: 'the policy sync socket of application-layer policy lives there',
          },
        ],
        token: {
          level: 'breaks',
          why: 'with the Kubernetes datastore it reads policy and stores IP address blocks through the API server',
        },
        rbac: [
          {
            apiGroups: ['', 'discovery.k8s.io', 'networking.k8s.io'],
            resources: [
              'pods',
              'nodes',
              'namespaces',
              'serviceaccounts',
              'services',
              'endpoints',
              'endpointslices',
              'networkpolicies',
              'nodes/status',
              'pods/status',
            ],
            verbs: ['get', 'list', 'watch', 'patch', 'update'],
            level: 'breaks',
            why: 'it computes routes and policy from pods, nodes, namespaces and policies (ClusterRole calico-node)',
          },
          {
            apiGroups: ['crd.projectcalico.org'],
            resources: ['*'],
            verbs: ['*'],
            level: 'breaks',
            why: 'its own configuration and IPAM state are Calico custom resources',
          },
          {
            apiGroups: [''],
            resources: ['serviceaccounts/token'],
            verbs: ['create'],
            level: 'breaks',
            why: 'it mints the token the Calico CNI plugin uses on the node',
          },
        ],
      },
      sources: [
        'projectcalico/calico manifests/calico.yaml',
        'projectcalico/calico manifests/calico-policy-only.yaml',
      ],
    },
    {
      id: 'calico-kube-controllers',
      name: 'Calico kube-controllers',
      recognise: { images: ['calico/kube-controllers'] },
      needs: {
        token: {
          level: 'breaks',
          why: 'it syncs nodes, namespaces and policies through the API server',
        },
        rbac: [
          {
            apiGroups: ['', 'crd.projectcalico.org'],
            resources: ['*'],
            verbs: ['get', 'list', 'watch', 'create', 'update', 'delete'],
            level: 'breaks',
            why: 'it garbage-collects IPAM blocks and node resources of deleted nodes (ClusterRole calico-kube-controllers)',
          },
        ],
      },
      sources: ['projectcalico/calico manifests/calico.yaml'],
    },
    {
      id: 'cilium-agent',
      name: 'Cilium agent (CNI)',
      recognise: { images: ['cilium/cilium', 'cilium/cilium-dev'] },
      needs: {
        privileged: {
          level: 'breaks',
          why: 'it loads eBPF programs and programs the node’s network; the Helm chart runs it with privileged: false only together with a list of capabilities (NET_ADMIN, SYS_ADMIN, SYS_RESOURCE, IPC_LOCK, ...) the fix must then add',
        },
        hostNetwork: NODE_NETWORK,
        root: { level: 'breaks', why: 'eBPF and routing need UID 0' },
        capabilities: [
          {
            capability: 'NET_ADMIN',
            level: 'breaks',
            why: 'it programs routes and network devices of the node',
          },
          {
            capability: 'SYS_ADMIN',
            level: 'breaks',
            why: 'it mounts the BPF filesystem and cgroup v2 and loads eBPF programs on kernels without CAP_BPF',
          },
          {
            capability: 'SYS_RESOURCE',
            level: 'breaks',
            why: 'it raises the memlock limit for eBPF maps',
          },
          {
            capability: 'IPC_LOCK',
            level: 'breaks',
            why: 'it locks eBPF map memory',
          },
          {
            capability: 'BPF',
            level: 'breaks',
            why: 'it loads eBPF programs',
          },
          {
            capability: 'NET_RAW',
            level: 'degrades',
            why: 'some datapath features open raw sockets',
          },
          {
            capability: 'SYS_MODULE',
            level: 'degrades',
            why: 'it loads kernel modules some features need',
          },
        ],
        hostPaths: [
          ...CNI_DIRS,
          LIB_MODULES,
          XTABLES_LOCK,
          {
            path: '/sys/fs/bpf',
            below: true,
            level: 'breaks',
            why: 'it pins its eBPF programs and maps there so they survive restarts',
          },
          {
            path: '/run/cilium',
            below: true,
            level: 'breaks',
            why: 'its cgroup v2 mount and state live there',
          },
          {
            path: '/var/run/cilium',
            below: true,
            level: 'breaks',
            why: 'the CNI plugin talks to the agent through its socket there',
          },
          {
            path: '/proc',
            below: true,
            level: 'degrades',
            why: 'its init containers tune host sysctls and mount cgroup v2 through the host’s /proc',
          },
        ],
        token: {
          level: 'breaks',
          why: 'it reads Pods, Services, Nodes and its custom resources and writes CiliumEndpoints through the API server',
        },
        rbac: [
          {
            apiGroups: [''],
            resources: ['secrets'],
            verbs: ['get', 'list', 'watch'],
            level: 'degrades',
            why: 'only its Ingress, Gateway API and IPsec features read TLS Secrets, from the cilium-secrets namespace',
          },
          {
            apiGroups: ['cilium.io'],
            resources: ['*'],
            verbs: ['*'],
            level: 'breaks',
            why: 'its endpoints, identities and policies are Cilium custom resources',
          },
          {
            apiGroups: ['', 'discovery.k8s.io', 'networking.k8s.io'],
            resources: [
              'pods',
              'nodes',
              'namespaces',
              'services',
              'endpoints',
              'endpointslices',
              'networkpolicies',
            ],
            verbs: ['get', 'list', 'watch'],
            level: 'breaks',
            why: 'it computes identities, load-balancing and policy from them (ClusterRole cilium)',
          },
        ],
      },
      sources: [
        'cilium/cilium install/kubernetes/cilium/templates/cilium-agent/daemonset.yaml',
        'cilium/cilium install/kubernetes/cilium/values.yaml (securityContext.capabilities)',
      ],
    },
    {
      id: 'cilium-operator',
      name: 'Cilium operator',
      recognise: {
        images: [
          'cilium/operator',
          'cilium/operator-generic',
          'cilium/operator-aws',
          'cilium/operator-azure',
          'cilium/operator-alibabacloud',
        ],
      },
      needs: {
        hostNetwork: {
          level: 'breaks',
          why: 'it runs before pod networking exists, on the node’s network',
        },
        token: {
          level: 'breaks',
          why: 'it allocates pod CIDRs and garbage-collects Cilium resources through the API server',
        },
        rbac: [
          {
            apiGroups: [''],
            resources: ['pods'],
            verbs: ['delete'],
            level: 'degrades',
            why: 'it restarts pods started before Cilium so they get Cilium networking',
          },
          {
            apiGroups: ['cilium.io', '', 'discovery.k8s.io'],
            resources: ['*'],
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
            why: 'it manages CiliumNodes, identities and endpoint slices (ClusterRole cilium-operator)',
          },
        ],
      },
      sources: [
        'cilium/cilium install/kubernetes/cilium/templates/cilium-operator/deployment.yaml',
      ],
    },
    {
      id: 'flannel',
      name: 'Flannel (CNI)',
      recognise: {
        images: [
          'flannel/flannel',
          'flannel-io/flannel',
          'coreos/flannel',
          'flannel/flannel-cni-plugin',
          'flannel-io/flannel-cni-plugin',
          'rancher/mirrored-flannelcni-flannel',
        ],
      },
      needs: {
        hostNetwork: NODE_NETWORK,
        root: { level: 'breaks', why: 'routing writes need UID 0' },
        capabilities: [
          {
            capability: 'NET_ADMIN',
            level: 'breaks',
            why: 'it programs routes and the VXLAN device (kube-flannel.yml runs it unprivileged with NET_ADMIN and NET_RAW)',
          },
          {
            capability: 'NET_RAW',
            level: 'breaks',
            why: 'kube-flannel.yml adds it for the host-gw and VXLAN backends',
          },
        ],
        hostPaths: [
          ...CNI_DIRS,
          XTABLES_LOCK,
          {
            path: '/run/flannel',
            below: true,
            level: 'breaks',
            why: 'it writes subnet.env, which the CNI plugin reads at every pod start',
          },
        ],
        token: {
          level: 'breaks',
          why: 'it reads its node’s pod CIDR and writes node annotations through the API server',
        },
        rbac: [
          {
            apiGroups: [''],
            resources: ['nodes', 'nodes/status'],
            verbs: ['get', 'list', 'watch', 'patch'],
            level: 'breaks',
            why: 'it reads pod CIDRs and publishes its public address on Nodes (ClusterRole flannel)',
          },
        ],
      },
      sources: ['flannel-io/flannel Documentation/kube-flannel.yml'],
    },
    {
      id: 'aws-vpc-cni',
      name: 'Amazon VPC CNI (aws-node)',
      recognise: {
        images: [
          'amazon-k8s-cni',
          'amazon-k8s-cni-init',
          'amazon/aws-network-policy-agent',
        ],
      },
      needs: {
        privileged: {
          level: 'breaks',
          why: 'its init container sets host sysctls and installs the CNI plugin (aws-k8s-cni.yaml runs it privileged)',
        },
        hostNetwork: NODE_NETWORK,
        root: { level: 'breaks', why: 'routing writes need UID 0' },
        capabilities: [
          {
            capability: 'NET_ADMIN',
            level: 'breaks',
            why: 'it attaches ENIs and programs routes',
          },
          {
            capability: 'NET_RAW',
            level: 'breaks',
            why: 'aws-k8s-cni.yaml adds it for its datapath',
          },
        ],
        hostPaths: [
          ...CNI_DIRS,
          XTABLES_LOCK,
          {
            path: '/var/run/aws-node',
            below: true,
            level: 'breaks',
            why: 'it keeps its IP address state there',
          },
          {
            path: '/var/log/aws-routed-eni',
            below: true,
            level: 'degrades',
            why: 'the CNI plugin logs there',
          },
        ],
        token: {
          level: 'breaks',
          why: 'it reads pods and nodes through the API server',
        },
        rbac: [
          {
            apiGroups: ['', 'crd.k8s.amazonaws.com', 'vpcresources.k8s.aws'],
            resources: ['*'],
            verbs: ['get', 'list', 'watch', 'patch', 'update'],
            level: 'breaks',
            why: 'it reads pods, nodes and ENIConfigs (ClusterRole aws-node)',
          },
        ],
      },
      sources: ['aws/amazon-vpc-cni-k8s config/master/aws-k8s-cni.yaml'],
    },
    {
      id: 'kindnet',
      name: 'kindnet (CNI of kind clusters)',
      recognise: { images: ['kindest/kindnetd', 'kindnetd'] },
      needs: {
        hostNetwork: NODE_NETWORK,
        root: { level: 'breaks', why: 'routing writes need UID 0' },
        capabilities: [
          {
            capability: 'NET_ADMIN',
            level: 'breaks',
            why: 'it programs routes to the other nodes’ pod CIDRs',
          },
          {
            capability: 'NET_RAW',
            level: 'breaks',
            why: 'kind’s manifest adds it for masquerading',
          },
        ],
        hostPaths: [...CNI_DIRS, XTABLES_LOCK, LIB_MODULES],
        token: {
          level: 'breaks',
          why: 'it reads Nodes’ pod CIDRs through the API server',
        },
        rbac: [
          {
            apiGroups: [''],
            resources: ['nodes', 'pods', 'namespaces'],
            verbs: ['get', 'list', 'watch', 'patch'],
            level: 'breaks',
            why: 'it routes every node’s pod CIDR (ClusterRole kindnet)',
          },
        ],
      },
      sources: ['kubernetes-sigs/kind pkg/build/nodeimage/const_cni.go'],
    },
  ],
};
