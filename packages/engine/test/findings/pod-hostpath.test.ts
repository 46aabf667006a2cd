import { podHostpath } from '../../src/findings/pod-hostpath.ts';
import { findingTester } from './finding-tester.ts';
import { pod } from './yaml.ts';

const mount = (path: string, readOnly: boolean) =>
  pod(
    'p',
    `containers:
- name: c
  image: app:1.0
  volumeMounts: [{ name: h, mountPath: /h, readOnly: ${readOnly} }]
volumes: [{ name: h, hostPath: { path: ${path} } }]`,
  );

findingTester(podHostpath, {
  valid: [
    {
      name: 'an emptyDir',
      manifests: pod(
        'p',
        `containers: [{ name: c, image: app:1.0, volumeMounts: [{ name: e, mountPath: /e }] }]
volumes: [{ name: e, emptyDir: {} }]`,
      ),
    },
    {
      name: 'a hostPath volume the container does not mount',
      manifests: pod(
        'p',
        `containers: [{ name: c, image: app:1.0 }]
volumes: [{ name: h, hostPath: { path: /etc } }]`,
      ),
    },
  ],
  invalid: [
    {
      name: 'read-only /var/log: medium',
      manifests: mount('/var/log', true),
      records: [
        {
          id: 'F-POD-HOSTPATH:Container:default/p/c',
          severity: 'medium',
          fields: [
            'spec.containers[0].volumeMounts[0]',
            'spec.volumes[0].hostPath.path',
          ],
          message: ['/var/log at /h (read-only)'],
        },
      ],
    },
    {
      name: 'writable /tmp: high',
      manifests: mount('/tmp', false),
      records: [
        {
          id: 'F-POD-HOSTPATH:Container:default/p/c',
          severity: 'high',
          message: ['(writable)'],
        },
      ],
    },
    {
      name: 'read-only /etc/kubernetes (a READ location): high',
      manifests: mount('/etc/kubernetes/pki', true),
      records: [
        {
          id: 'F-POD-HOSTPATH:Container:default/p/c',
          severity: 'high',
          message: ['on listed location /etc/kubernetes'],
        },
      ],
    },
    {
      name: 'read-only containerd socket through /var/run: high',
      manifests: mount('/var/run/containerd/containerd.sock', true),
      records: [
        {
          id: 'F-POD-HOSTPATH:Container:default/p/c',
          severity: 'high',
          message: ['/run/containerd/containerd.sock'],
        },
      ],
    },
  ],
});
