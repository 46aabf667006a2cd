/**
 * What the viewer calls a node: the server's readable label from the
 * answer's briefs (a PermissionSet by its roles, a container by its pod),
 * else the id without its kind.
 */

import { kindOfId } from '@chokepoint/model';
import type { Briefs } from '@chokepoint/viewer-api';

/** The display name of an id when no brief is at hand. */
export function nameOfId(id: string): string {
  const kind = kindOfId(id);
  return id === kind ? id : id.slice(kind.length + 1);
}

export function labelOf(id: string, briefs: Briefs): string {
  return briefs[id]?.label ?? nameOfId(id);
}

/** `Container kube-proxy-b2n5x/kube-proxy`: kind and label, one line. */
export function kindAndLabel(id: string, briefs: Briefs): string {
  const kind = kindOfId(id);
  const label = labelOf(id, briefs);
  return kind === id ? id : `${kind} ${label}`;
}

/** `⚠ 3 high`: a node's findings, for its label on the canvas. */
export function findingMark(id: string, briefs: Briefs): string {
  const brief = briefs[id];
  if (brief?.findings === undefined) return '';
  return `⚠ ${String(brief.findings)}${brief.severity === undefined ? '' : ` ${brief.severity}`}`;
}
