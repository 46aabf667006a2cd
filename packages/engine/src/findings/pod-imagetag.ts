/**
 * F-POD-IMAGETAG (catalog 6): an image referenced by the mutable tag
 * `latest`, or by no tag at all (which means `latest`), without a digest:
 * what runs changes with every push and cannot be traced to a scanned or
 * signed build. A reference with a digest (`@sha256:...`) is pinned whatever
 * its tag. Per container.
 *
 * Reference: https://kubernetes.io/docs/concepts/containers/images/#image-names
 */

import { containerPath } from '../entities/spec-paths.ts';
import { defineFinding } from './define-finding.ts';
import { containerFindings } from './finding-utils/workload-findings.ts';

/** The tag of an image reference without a digest; undefined when it has none. */
function imageTag(image: string): string | undefined {
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  // A colon before the last slash belongs to a registry port.
  return colon > slash ? image.slice(colon + 1) : undefined;
}

export const podImagetag = defineFinding({
  id: 'F-POD-IMAGETAG',
  title: 'Image not pinned (latest tag)',
  severity: 'low',
  description: 'The image uses the latest tag, or no tag, and no digest.',
  check: ctx =>
    containerFindings(
      ctx,
      {
        check: 'F-POD-IMAGETAG',
        title: 'Image not pinned (latest tag)',
        severity: 'low',
        remediation:
          'Reference the image by a version tag and a digest (registry/app:1.4.2@sha256:...).',
        checklist: ['It is recommended not to use the latest tag.'],
      },
      container => {
        const image = container.view.spec.image;
        if (image === undefined || image === '' || image.includes('@'))
          return undefined;
        const tag = imageTag(image);
        if (tag !== undefined && tag !== 'latest') return undefined;
        return {
          problem:
            tag === undefined
              ? `uses image ${image} without a tag or digest (latest)`
              : `uses image ${image} (tag latest, no digest)`,
          fields: [`${containerPath(container)}.image`],
        };
      },
    ),
});
