/**
 * Binding subjects and the usernames and groups they match (catalog 4.4,
 * `appliesToUser` in `plugin/pkg/auth/authorizer/rbac/rbac.go`). A
 * ServiceAccount subject is the username `system:serviceaccount:<ns>:<name>`,
 * its empty namespace meaning the RoleBinding's own (and nothing in a
 * ClusterRoleBinding); a User subject with that name is the same identity.
 */

export interface Subject {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

export const SERVICE_ACCOUNT_USER_PREFIX = 'system:serviceaccount:';

export function serviceAccountUsername(
  namespace: string,
  name: string,
): string {
  return `${SERVICE_ACCOUNT_USER_PREFIX}${namespace}:${name}`;
}

/** `system:serviceaccount:<ns>:<name>` split as upstream's SplitUsername does. */
export function parseServiceAccountUsername(
  username: string,
): { namespace: string; name: string } | undefined {
  if (!username.startsWith(SERVICE_ACCOUNT_USER_PREFIX)) return undefined;
  const parts = username.slice(SERVICE_ACCOUNT_USER_PREFIX.length).split(':');
  const [namespace, name] = parts;
  if (parts.length !== 2 || !namespace || !name) return undefined;
  return { namespace, name };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The subjects of a raw binding; a ServiceAccount's empty namespace is
 * filled with `bindingNamespace` (`''` for a ClusterRoleBinding leaves it
 * empty, which matches nothing).
 */
export function readSubjects(
  raw: unknown,
  bindingNamespace: string,
): Subject[] {
  if (!Array.isArray(raw)) return [];
  const out: Subject[] = [];
  for (const entry of raw) {
    if (!isRecord(entry)) continue;
    const { kind, name } = entry;
    if (typeof kind !== 'string' || typeof name !== 'string') continue;
    const given = typeof entry.namespace === 'string' ? entry.namespace : '';
    const namespace =
      kind === 'ServiceAccount' && given === '' ? bindingNamespace : given;
    out.push(namespace === '' ? { kind, name } : { kind, name, namespace });
  }
  return out;
}

/** Index key of a requester's username. */
export function userKey(user: string): string {
  return `u:${user}`;
}

/** Index key of a requester's group. */
export function groupKey(group: string): string {
  return `g:${group}`;
}

/** The key an identity must hold for `subject` (as read by readSubjects) to apply. */
export function subjectKey(subject: Subject): string | undefined {
  switch (subject.kind) {
    case 'User':
      return userKey(subject.name);
    case 'Group':
      return groupKey(subject.name);
    case 'ServiceAccount':
      return subject.namespace === undefined
        ? undefined
        : userKey(serviceAccountUsername(subject.namespace, subject.name));
    default:
      return undefined;
  }
}
