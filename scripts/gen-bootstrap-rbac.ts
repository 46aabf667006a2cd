/**
 * Writes `packages/engine/src/rbac/bootstrap-policy.json`, the Kubernetes
 * bootstrap RBAC policy the engine assumes when an input lacks the built-in
 * roles and bindings (catalog 4.5), from the conformance copy of upstream's
 * test data (`../shared/conformance/k8s-bootstrap-rbac`, see its SOURCE.md).
 * Run: `pnpm exec tsx scripts/gen-bootstrap-rbac.ts`. A unit test regenerates
 * it and compares, so edit the data, not the JSON.
 */

import { writeFileSync } from 'node:fs';
import { format } from 'prettier';
import { buildBootstrapPolicy } from '../packages/engine/test/rbac/bootstrap-policy-build.ts';

const target = new URL(
  '../packages/engine/src/rbac/bootstrap-policy.json',
  import.meta.url,
);

const policy = buildBootstrapPolicy();
// Formatted as `prettier --check` expects, so CI's format check passes.
const text = await format(JSON.stringify(policy), { parser: 'json' });
writeFileSync(target, text);
console.log(
  `gen-bootstrap-rbac: ${policy.objects.length} objects, ${policy.source.dropped.length} dropped -> ${target.pathname}`,
);
