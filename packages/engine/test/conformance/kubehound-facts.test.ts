// Every fact of shared/conformance/kubehound/expected.json, one test case
// each, on the graph of the whole rule registry (fact-catalog.ts).
import { describe, it } from 'vitest';
import { kubehoundFacts } from './fact-catalog.ts';

describe('kubehound/expected.json', () => {
  it.each(kubehoundFacts().map(f => [f.name, f] as const))(
    '%s',
    async (_name, fact) => {
      await fact.check();
    },
  );
});
