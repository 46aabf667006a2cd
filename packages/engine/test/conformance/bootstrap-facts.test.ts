// Every fact of shared/conformance/k8s-bootstrap-rbac/expected.md, one test
// case each, on the graph of the whole rule registry (bootstrap-facts.ts).
import { describe, it } from 'vitest';
import { bootstrapFacts } from './bootstrap-facts.ts';

describe('k8s-bootstrap-rbac/expected.md', () => {
  it.each(bootstrapFacts().map(f => [f.name, f] as const))(
    '%s',
    async (_name, fact) => {
      await fact.check();
    },
  );
});
