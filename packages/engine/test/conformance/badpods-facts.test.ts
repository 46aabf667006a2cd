// Every fact of shared/conformance/badpods/expected.json, one test case
// each, on the graph of the whole rule registry (fact-catalog.ts).
import { describe, it } from 'vitest';
import { badPodsFacts } from './fact-catalog.ts';

describe('badpods/expected.json', () => {
  it.each(badPodsFacts().map(f => [f.name, f] as const))(
    '%s',
    async (_name, fact) => {
      await fact.check();
    },
  );
});
