/**
 * kube-proxy: the Service proxy on every node. Needs from kubeadm's
 * DaemonSet (cmd/kubeadm/app/phases/addons/proxy/manifests.go), the
 * bootstrap ClusterRole `system:node-proxier`, and the kube-proxy reference.
 */

import type { ComponentFamily } from './types.ts';

export const KUBE_PROXY: ComponentFamily = {
  family: 'kube-proxy',
  description: 'the Service proxy that programs every node for ClusterIPs',
  components: [
    {
      id: 'kube-proxy',
      name: 'kube-proxy (Service proxy on every node)',
      recognise: {
        images: ['kube-proxy', 'kube-proxy-amd64', 'eks/kube-proxy'],
      },
      needs: {
        privileged: {
          level: 'breaks',
          why: 'it programs iptables, IPVS or nftables rules and conntrack sysctls of the node; kubeadm, kops and EKS run it privileged, and without it Service traffic stops on every node',
        },
        hostNetwork: {
          level: 'breaks',
          why: 'the Service rules it writes must live in the node’s own network namespace',
        },
        capabilities: [
          {
            capability: 'NET_ADMIN',
            level: 'breaks',
            why: 'writing iptables, IPVS or nftables rules needs NET_ADMIN',
          },
        ],
        root: {
          level: 'breaks',
          why: 'iptables and sysctl writes need UID 0',
        },
        hostPaths: [
          {
            path: '/run/xtables.lock',
            level: 'degrades',
            why: 'it shares the iptables lock with the node’s other iptables users; without it concurrent rule updates fail now and then',
          },
          {
            path: '/lib/modules',
            level: 'degrades',
            why: 'it loads the IPVS and conntrack kernel modules when the node has not',
          },
        ],
        token: {
          level: 'breaks',
          why: 'it watches Services, EndpointSlices and Nodes through the API server',
        },
        rbac: [
          {
            apiGroups: ['', 'discovery.k8s.io'],
            resources: ['services', 'endpoints', 'endpointslices', 'nodes'],
            verbs: ['get', 'list', 'watch'],
            level: 'breaks',
            why: 'it builds the Service rules from Services, EndpointSlices and Nodes (system:node-proxier)',
          },
          {
            apiGroups: ['', 'events.k8s.io'],
            resources: ['events'],
            verbs: ['create', 'patch', 'update'],
            level: 'degrades',
            why: 'it records events',
          },
        ],
      },
      sources: [
        'kubernetes/kubernetes cmd/kubeadm/app/phases/addons/proxy/manifests.go',
        'kubernetes/kubernetes plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go (system:node-proxier)',
      ],
    },
  ],
};
