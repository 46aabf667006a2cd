/**
 * Storage: CSI node plugins, their registrar sidecar, the controller
 * sidecars, and local-path-provisioner. A node plugin mounts volumes into
 * the kubelet's pod directories, which needs `privileged` (Bidirectional
 * mount propagation is only allowed to privileged containers) and the
 * kubelet's directory; without them no pod on the node gets its volumes.
 * Needs from the kubernetes-csi deployment docs and each driver's manifests.
 */

import type { ComponentFamily, HostPathNeed, RbacNeed } from './types.ts';

const KUBELET_DIR: HostPathNeed = {
  path: '/var/lib/kubelet',
  below: true,
  level: 'breaks',
  why: 'it publishes volume mounts into the kubelet’s pod directories and serves its CSI socket under plugins/',
};

const NODE_PLUGIN_PRIVILEGED = {
  level: 'breaks',
  why: 'Bidirectional mount propagation, which publishes its mounts to the kubelet, is only allowed in privileged containers',
} as const;

const PROVISIONING: RbacNeed = {
  apiGroups: ['', 'storage.k8s.io', 'snapshot.storage.k8s.io'],
  resources: [
    'persistentvolumes',
    'persistentvolumeclaims',
    'persistentvolumeclaims/status',
    'storageclasses',
    'volumeattachments',
    'volumeattachments/status',
    'csinodes',
    'nodes',
    'volumesnapshots',
    'volumesnapshotcontents',
    'volumesnapshotclasses',
    'volumesnapshotcontents/status',
  ],
  verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
  level: 'breaks',
  why: 'it creates, attaches, resizes and deletes volumes for claims (the external-provisioner, attacher, resizer and snapshotter roles)',
};

export const CSI: ComponentFamily = {
  family: 'storage',
  description:
    'CSI node plugins and controllers, and local volume provisioners',
  components: [
    {
      id: 'csi-node-plugin',
      name: 'CSI node plugin',
      recognise: {
        images: [
          'ebs-csi-driver/aws-ebs-csi-driver',
          'eks/aws-ebs-csi-driver',
          'efs-csi-driver/amazon/aws-efs-csi-driver',
          'eks/aws-efs-csi-driver',
          'cloud-provider-gcp/gcp-compute-persistent-disk-csi-driver',
          'oss/kubernetes-csi/azuredisk-csi',
          'oss/kubernetes-csi/azurefile-csi',
          'sig-storage/nfsplugin',
          'sig-storage/smbplugin',
          'sig-storage/hostpathplugin',
          'cephcsi/cephcsi',
          'csi-secrets-store/driver',
          'openebs/lvm-driver',
          'openebs/zfs-driver',
        ],
      },
      needs: {
        privileged: NODE_PLUGIN_PRIVILEGED,
        root: { level: 'breaks', why: 'mounting needs UID 0' },
        capabilities: [
          {
            capability: 'SYS_ADMIN',
            level: 'breaks',
            why: 'mount(2) needs SYS_ADMIN',
          },
        ],
        hostPaths: [
          KUBELET_DIR,
          {
            path: '/dev',
            below: true,
            level: 'breaks',
            why: 'it formats and mounts the block devices it attaches',
          },
          {
            path: '/sys',
            below: true,
            level: 'degrades',
            why: 'it finds attached devices through sysfs',
          },
        ],
        token: {
          level: 'degrades',
          why: 'it reads its Node for topology labels',
        },
        rbac: [PROVISIONING],
      },
      sources: [
        'kubernetes-csi/docs book/src/deploying.md (node plugin: privileged, Bidirectional /var/lib/kubelet)',
        'kubernetes-sigs/aws-ebs-csi-driver deploy/kubernetes/base/node.yaml',
        'kubernetes-csi/csi-driver-nfs deploy/csi-nfs-node.yaml',
      ],
    },
    {
      id: 'csi-node-driver-registrar',
      name: 'CSI node-driver-registrar sidecar',
      recognise: { images: ['sig-storage/csi-node-driver-registrar'] },
      needs: {
        hostPaths: [
          {
            path: '/var/lib/kubelet/plugins_registry',
            below: true,
            level: 'breaks',
            why: 'it registers the driver with the kubelet through this directory',
          },
          {
            path: '/var/lib/kubelet/plugins',
            below: true,
            level: 'breaks',
            why: 'the driver’s CSI socket lives there',
          },
        ],
      },
      sources: ['kubernetes-csi/node-driver-registrar README.md'],
    },
    {
      id: 'csi-controller',
      name: 'CSI controller sidecars',
      recognise: {
        images: [
          'sig-storage/csi-provisioner',
          'sig-storage/csi-attacher',
          'sig-storage/csi-resizer',
          'sig-storage/csi-snapshotter',
          'sig-storage/snapshot-controller',
        ],
      },
      needs: {
        token: {
          level: 'breaks',
          why: 'it watches claims and volume attachments through the API server',
        },
        rbac: [
          {
            apiGroups: [''],
            resources: ['secrets'],
            verbs: ['get', 'list'],
            level: 'degrades',
            why: 'only StorageClasses that name provisioner or node-stage Secrets need it',
          },
          PROVISIONING,
          {
            apiGroups: ['', 'events.k8s.io', 'coordination.k8s.io'],
            resources: ['events', 'leases'],
            verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'],
            level: 'breaks',
            why: 'leader election between its replicas uses Leases',
          },
        ],
      },
      sources: [
        'kubernetes-csi/external-provisioner deploy/kubernetes/rbac.yaml',
        'kubernetes-csi/external-attacher deploy/kubernetes/rbac.yaml',
      ],
    },
    {
      id: 'local-path-provisioner',
      name: 'local-path-provisioner',
      recognise: { images: ['rancher/local-path-provisioner'] },
      needs: {
        token: {
          level: 'breaks',
          why: 'it watches claims and creates volumes through the API server',
        },
        rbac: [
          {
            apiGroups: [''],
            resources: ['pods'],
            verbs: [
              'get',
              'list',
              'watch',
              'create',
              'delete',
              'patch',
              'update',
            ],
            level: 'breaks',
            why: 'it creates helper pods that make and remove each volume’s directory on its node',
          },
          {
            apiGroups: ['', 'storage.k8s.io'],
            resources: [
              'persistentvolumes',
              'persistentvolumeclaims',
              'nodes',
              'configmaps',
              'storageclasses',
              'events',
              'endpoints',
            ],
            verbs: ['*'],
            level: 'breaks',
            why: 'it provisions volumes for claims (ClusterRole local-path-provisioner-role)',
          },
        ],
      },
      sources: [
        'rancher/local-path-provisioner deploy/local-path-storage.yaml',
      ],
    },
    {
      id: 'longhorn-manager',
      name: 'Longhorn manager (storage on every node)',
      recognise: {
        images: ['longhornio/longhorn-manager'],
        command: ['daemon'],
      },
      needs: {
        privileged: {
          level: 'breaks',
          why: 'it manages the node’s disks, iSCSI sessions and mounts; Bidirectional propagation of /var/lib/longhorn needs privileged mode',
        },
        root: {
          level: 'breaks',
          why: 'device and mount management need UID 0',
        },
        hostPaths: [
          {
            path: '/var/lib/longhorn',
            below: true,
            level: 'breaks',
            why: 'the data of the volume replicas on the node is there',
          },
          {
            path: '/dev',
            below: true,
            level: 'breaks',
            why: 'it attaches and exposes the block devices of volumes',
          },
          {
            path: '/proc',
            below: true,
            level: 'breaks',
            why: 'it enters the host’s mount namespace through /proc to run iscsiadm and mount',
          },
          {
            path: '/boot',
            below: true,
            level: 'degrades',
            why: 'it checks the kernel configuration for the modules volumes need',
          },
          {
            path: '/etc',
            below: true,
            level: 'degrades',
            why: 'it reads the host’s iSCSI initiator name and OS release for its node checks',
          },
        ],
        token: {
          level: 'breaks',
          why: 'it reconciles volumes, replicas and nodes through the API server',
          // pre-pull-share-manager-image only pulls an image and sleeps.
          containers: ['longhorn-manager'],
        },
        rbac: [
          {
            apiGroups: [''],
            resources: ['secrets'],
            verbs: ['get', 'list', 'watch'],
            level: 'degrades',
            why: 'backup-target credentials and volume encryption keys come from Secrets',
          },
          {
            apiGroups: ['*'],
            resources: ['*'],
            verbs: ['*'],
            level: 'breaks',
            why: 'its ClusterRole longhorn-role covers the volumes, nodes, pods and storage objects it manages; the knowledge base takes each of them as used',
          },
        ],
      },
      createsPodsAs: [
        {
          serviceAccount: 'longhorn-support-bundle',
          level: 'degrades',
          why: 'only support bundles (diagnostics) are collected by pods running as it; the chart binds it to cluster-admin',
        },
      ],
      sources: ['longhorn/longhorn deploy/longhorn.yaml'],
    },
    {
      id: 'longhorn-driver-deployer',
      name: 'Longhorn CSI driver deployer',
      recognise: {
        images: ['longhornio/longhorn-manager'],
        command: ['deploy-driver'],
      },
      needs: {
        token: {
          level: 'breaks',
          why: 'it deploys the Longhorn CSI driver’s DaemonSet and Deployments through the API server',
        },
        rbac: [
          {
            apiGroups: ['*'],
            resources: ['*'],
            verbs: ['*'],
            level: 'breaks',
            why: 'it runs as the manager’s ServiceAccount and creates the CSI driver’s workloads with it',
          },
        ],
      },
      sources: ['longhorn/longhorn deploy/longhorn.yaml'],
    },
    {
      id: 'longhorn-ui',
      name: 'Longhorn UI',
      recognise: { images: ['longhornio/longhorn-ui'] },
      // It talks to the manager's HTTP API, not the API server.
      needs: {},
      sources: ['longhorn/longhorn deploy/longhorn.yaml'],
    },
  ],
};
