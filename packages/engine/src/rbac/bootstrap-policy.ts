/**
 * The Kubernetes bootstrap RBAC policy, assumed when the input lacks the
 * built-in roles and bindings (catalog 4.5). Generated from upstream's
 * `plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata/` (Apache-2.0,
 * The Kubernetes Authors; commits in `source.files`) by
 * `scripts/gen-bootstrap-rbac.ts`; never edit the JSON by hand.
 */

import type { KubeObject } from '@chokepoint/model';
import policy from './bootstrap-policy.json' with { type: 'json' };

export const BOOTSTRAP_POLICY_SOURCE = policy.source;

/** Roles before bindings, in upstream file order. */
export const BOOTSTRAP_POLICY_OBJECTS: readonly KubeObject[] = policy.objects;
