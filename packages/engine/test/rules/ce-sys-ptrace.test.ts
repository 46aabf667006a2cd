import { ceSysPtrace } from '../../src/rules/ce-sys-ptrace.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';

const pod = (
  securityContext: string,
  podSecurity = '{}',
): string => `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: default }
spec:
  nodeName: worker-1
  hostPID: true
  securityContext: ${podSecurity}
  containers:
  - name: c
    image: ubuntu
    securityContext: ${securityContext}`;

ruleTester(ceSysPtrace, {
  valid: [
    {
      name: 'the runtime default AppArmor profile confines ptrace',
      policy: { nodeDefaults: { appArmor: true } },
      manifests: pod('{ capabilities: { add: [SYS_PTRACE] } }'),
    },
    {
      name: 'a Localhost AppArmor profile applies even to a privileged container',
      policy: { nodeDefaults: { appArmor: true } },
      manifests: pod(
        '{ privileged: true, appArmorProfile: { type: Localhost, localhostProfile: k8s-restricted } }',
      ),
    },
    {
      name: 'SELinux container_t may not trace host processes',
      policy: { nodeDefaults: { selinuxEnforcing: true } },
      manifests: pod(
        '{ appArmorProfile: { type: Unconfined }, capabilities: { add: [SYS_PTRACE] } }',
      ),
    },
    {
      name: 'SYS_ADMIN alone does not trace',
      manifests: pod(
        '{ appArmorProfile: { type: Unconfined }, capabilities: { add: [SYS_ADMIN] } }',
      ),
    },
  ],
  invalid: [
    {
      name: 'the fixture: unconfined by field, annotation or privilege (high), AppArmor unknown (medium)',
      manifests: await fixture('CE_SYS_PTRACE'),
      edges: [
        [
          'Container:default/ptrace-annotation-yes/tracer',
          'Node:worker-1',
          'high',
        ],
        [
          'Container:default/ptrace-apparmor-unknown-yes/tracer',
          'Node:worker-1',
          'medium',
        ],
        ['Container:default/ptrace-priv-yes/tracer', 'Node:worker-1', 'high'],
        ['Container:default/ptrace-yes/tracer', 'Node:worker-1', 'high'],
      ],
    },
    {
      name: 'the pod-level Unconfined profile applies when the container sets none',
      policy: { nodeDefaults: { appArmor: true } },
      manifests: pod(
        '{ capabilities: { add: [SYS_PTRACE] } }',
        '{ appArmorProfile: { type: Unconfined } }',
      ),
      edges: [['Container:default/p/c', 'Node:worker-1', 'high']],
    },
    {
      name: 'a node given without AppArmor: high; ptrace_scope 3 changes the technique, not the edge',
      policy: { nodeDefaults: { appArmor: false, ptraceScope: 3 } },
      manifests: pod('{ capabilities: { add: [SYS_PTRACE] } }'),
      edges: [['Container:default/p/c', 'Node:worker-1', 'high']],
    },
  ],
});
