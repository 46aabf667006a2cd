/**
 * F-POD-APPARMOR (catalog 6, 2.4): the container's AppArmor profile is
 * `Unconfined`, or it is set through the deprecated annotation
 * `container.apparmor.security.beta.kubernetes.io/<container>` (replaced by
 * `securityContext.appArmorProfile` in 1.30). Privileged containers run
 * without the runtime profile too, and are reported by F-POD-PRIVILEGED.
 * Per container; Linux only.
 *
 * Reference: https://kubernetes.io/docs/tutorials/security/apparmor/
 */

import {
  APPARMOR_ANNOTATION_PREFIX,
  appArmorProfileOf,
} from '../predicates/confinement.ts';
import { containerPath, podSpecPath } from '../entities/spec-paths.ts';
import { defineFinding } from './define-finding.ts';
import { containerFacts } from './finding-utils/container-facts.ts';
import { containerFindings } from './finding-utils/workload-findings.ts';

export const podApparmor = defineFinding({
  id: 'F-POD-APPARMOR',
  title: 'AppArmor unconfined or deprecated annotation',
  severity: 'medium',
  description:
    'The AppArmor profile is Unconfined, or is set with the deprecated annotation.',
  check: ctx =>
    containerFindings(
      ctx,
      {
        check: 'F-POD-APPARMOR',
        title: 'AppArmor unconfined or deprecated annotation',
        severity: 'medium',
        remediation:
          'Set securityContext.appArmorProfile.type: RuntimeDefault (or Localhost) and remove the container.apparmor.security.beta.kubernetes.io annotation.',
        checklist: [
          'The application should have a seccomp, apparmor or selinux profile according to the principles of least privileges.',
        ],
      },
      container => {
        if (!containerFacts(ctx, container).linux) return undefined;
        const { workload } = container;
        const podObject = workload.kind === 'Pod' ? workload.object : undefined;
        const profile = appArmorProfileOf(
          workload.spec,
          container.view.spec,
          podObject,
        );
        const unconfined = profile.type === 'Unconfined';
        const annotation = profile.source === 'annotation';
        if (!unconfined && !annotation) return undefined;
        const field =
          profile.source === 'annotation'
            ? `metadata.annotations['${APPARMOR_ANNOTATION_PREFIX}${container.name}']`
            : profile.source === 'pod field'
              ? `${podSpecPath(workload)}.securityContext.appArmorProfile`
              : `${containerPath(container)}.securityContext.appArmorProfile`;
        const problems: string[] = [];
        if (unconfined) problems.push('runs AppArmor-unconfined');
        if (annotation)
          problems.push(
            unconfined
              ? 'sets it through the deprecated annotation'
              : 'sets its AppArmor profile through the deprecated annotation',
          );
        return { problem: problems.join(' and '), fields: [field] };
      },
    ),
});
