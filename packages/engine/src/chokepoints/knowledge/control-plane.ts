/**
 * The control plane as kubeadm runs it (static pods labelled
 * `component: <name>, tier: control-plane`) and CoreDNS. Their host mounts
 * are their certificates, keys and data: a control-plane container is
 * cluster-admin by design, and removing what it mounts stops the cluster.
 * Needs from kubeadm's static pod manifests (cmd/kubeadm/app/phases/
 * controlplane/manifests.go, etcd/local.go) and the bootstrap role
 * `system:coredns` of kubeadm's CoreDNS addon.
 */

import type { ComponentFamily, HostPathNeed, Need } from './types.ts';

const CONTROL_PLANE_NETWORK: Need = {
  level: 'breaks',
  why: 'it serves on the control-plane node’s own address',
};

const CA_CERTIFICATES: HostPathNeed[] = [
  '/etc/ssl/certs',
  '/etc/ca-certificates',
  '/etc/pki',
  '/usr/share/ca-certificates',
  '/usr/local/share/ca-certificates',
].map(path => ({
  path,
  below: true as const,
  level: 'degrades' as const,
  why: 'it trusts the host’s CA bundle for outgoing TLS (cloud and OIDC endpoints)',
}));

const PKI: HostPathNeed = {
  path: '/etc/kubernetes/pki',
  below: true,
  level: 'breaks',
  why: 'its serving certificates, the cluster CA and the ServiceAccount signing keys are there',
};

const ROOT: Need = {
  level: 'breaks',
  why: 'its keys on the host are readable by root only',
};

export const CONTROL_PLANE: ComponentFamily = {
  family: 'control-plane',
  description: 'the control plane and cluster DNS',
  components: [
    {
      id: 'kube-apiserver',
      name: 'kube-apiserver',
      recognise: {
        images: ['kube-apiserver', 'kube-apiserver-amd64'],
      },
      needs: {
        hostNetwork: CONTROL_PLANE_NETWORK,
        root: ROOT,
        hostPaths: [PKI, ...CA_CERTIFICATES],
      },
      sources: [
        'kubernetes/kubernetes cmd/kubeadm/app/phases/controlplane/manifests.go',
      ],
    },
    {
      id: 'kube-controller-manager',
      name: 'kube-controller-manager',
      recognise: {
        images: ['kube-controller-manager', 'kube-controller-manager-amd64'],
      },
      needs: {
        hostNetwork: CONTROL_PLANE_NETWORK,
        root: ROOT,
        hostPaths: [
          PKI,
          ...CA_CERTIFICATES,
          {
            path: '/etc/kubernetes/controller-manager.conf',
            level: 'breaks',
            why: 'its kubeconfig is there',
          },
          {
            path: '/usr/libexec/kubernetes/kubelet-plugins/volume/exec',
            below: true,
            level: 'degrades',
            why: 'FlexVolume drivers are there',
          },
        ],
      },
      sources: [
        'kubernetes/kubernetes cmd/kubeadm/app/phases/controlplane/manifests.go',
      ],
    },
    {
      id: 'kube-scheduler',
      name: 'kube-scheduler',
      recognise: { images: ['kube-scheduler', 'kube-scheduler-amd64'] },
      needs: {
        hostNetwork: CONTROL_PLANE_NETWORK,
        root: ROOT,
        hostPaths: [
          {
            path: '/etc/kubernetes/scheduler.conf',
            level: 'breaks',
            why: 'its kubeconfig is there',
          },
        ],
      },
      sources: [
        'kubernetes/kubernetes cmd/kubeadm/app/phases/controlplane/manifests.go',
      ],
    },
    {
      id: 'etcd',
      name: 'etcd (control plane)',
      // The etcd image is also used by applications: only kubeadm's static pod labels say it is the cluster's.
      recognise: {
        images: ['etcd', 'etcd-amd64', 'coreos/etcd'],
        labels: { component: 'etcd', tier: 'control-plane' },
      },
      needs: {
        hostNetwork: CONTROL_PLANE_NETWORK,
        root: ROOT,
        hostPaths: [
          {
            path: '/var/lib/etcd',
            below: true,
            level: 'breaks',
            why: 'the cluster’s data is there',
          },
          {
            path: '/etc/kubernetes/pki/etcd',
            below: true,
            level: 'breaks',
            why: 'its peer and serving certificates are there',
          },
        ],
      },
      sources: ['kubernetes/kubernetes cmd/kubeadm/app/phases/etcd/local.go'],
    },
    {
      id: 'coredns',
      name: 'CoreDNS (cluster DNS)',
      recognise: { images: ['coredns/coredns', 'coredns', 'eks/coredns'] },
      needs: {
        capabilities: [
          {
            capability: 'NET_BIND_SERVICE',
            level: 'breaks',
            why: 'it binds port 53 without running as root',
          },
        ],
        token: {
          level: 'breaks',
          why: 'it serves Service records it watches through the API server',
        },
        rbac: [
          {
            apiGroups: ['', 'discovery.k8s.io'],
            resources: [
              'endpoints',
              'services',
              'pods',
              'namespaces',
              'endpointslices',
            ],
            verbs: ['list', 'watch'],
            level: 'breaks',
            why: 'every Service name it answers comes from Services and EndpointSlices (ClusterRole system:coredns)',
          },
          {
            apiGroups: [''],
            resources: ['nodes'],
            verbs: ['get'],
            level: 'degrades',
            why: 'it reads its node for topology-aware answers',
          },
        ],
      },
      sources: [
        'kubernetes/kubernetes cmd/kubeadm/app/phases/addons/dns/manifests.go',
      ],
    },
  ],
};
