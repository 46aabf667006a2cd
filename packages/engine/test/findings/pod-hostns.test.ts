import { podHostns } from '../../src/findings/pod-hostns.ts';
import { findingTester } from './finding-tester.ts';
import { containers, deployment, pod } from './yaml.ts';

findingTester(podHostns, {
  valid: [
    { name: 'no host namespace', manifests: pod('p', containers()) },
    {
      name: 'hostNetwork: false',
      manifests: pod('p', `hostNetwork: false\n${containers()}`),
    },
  ],
  invalid: [
    {
      name: 'hostPID and hostIPC on a bare pod: one record per pod',
      manifests: pod('p', `hostPID: true\nhostIPC: true\n${containers()}`),
      records: [
        {
          id: 'F-POD-HOSTNS:Pod:default/p',
          objects: ['Pod:default/p'],
          fields: ['spec.hostPID', 'spec.hostIPC'],
          message: ['hostPID, hostIPC'],
        },
      ],
    },
    {
      name: 'hostNetwork on a Deployment with two pods: on the controller',
      manifests: deployment('dns', `hostNetwork: true\n${containers()}`, 2),
      records: [
        {
          id: 'F-POD-HOSTNS:Deployment:default/dns',
          objects: [
            'Deployment:default/dns',
            'Pod:default/dns-5d8f7c9b4-p0',
            'Pod:default/dns-5d8f7c9b4-p1',
          ],
          fields: ['spec.template.spec.hostNetwork'],
        },
      ],
    },
    {
      name: 'a CronJob stand-in',
      manifests: `apiVersion: batch/v1
kind: CronJob
metadata: { name: backup, namespace: default }
spec:
  schedule: '0 3 * * *'
  jobTemplate:
    spec:
      template:
        spec:
          hostPID: true
          containers: [{ name: c, image: app:1.0 }]`,
      records: [
        {
          id: 'F-POD-HOSTNS:CronJob:default/backup',
          objects: [
            'CronJob:default/backup',
            'PodTemplate:default/CronJob/backup',
          ],
          fields: ['spec.jobTemplate.spec.template.spec.hostPID'],
        },
      ],
    },
  ],
});
