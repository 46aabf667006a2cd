/**
 * The rule registry: every wave-1 edge kind of the catalog mapped to its one
 * rule, imported by hand in alphabetical order (architecture.md section 4;
 * no side-effect registration). `satisfies` makes the compiler reject a kind
 * without a rule and a rule for an unknown kind.
 */

import { containerAttach } from './container-attach.ts';
import { podAttach } from './pod-attach.ts';

export const RULES = {
  CONTAINER_ATTACH: containerAttach,
  POD_ATTACH: podAttach,
};
