// The validation data against the real API server it was taken from: the
// committed schemas are what scripts/gen-k8s-schemas.ts makes of this
// control plane's /openapi/v3 today, and every object the validator refuses
// is refused by the API server too (server-side dry-run): Chokepoint never
// calls invalid what Kubernetes would accept.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESOURCES } from '@chokepoint/collector';
import {
  fetchOpenApi,
  schemaSource,
} from '../../../scripts/k8s-schemas/fetch.ts';
import { trimSchemas } from '../../../scripts/k8s-schemas/trim.ts';
import { REPO, cluster, kubectl, pool, target } from './support.ts';

const SCHEMAS = join(
  REPO,
  'packages/collector/src/validation/k8s-schemas.json',
);
const FUZZ = join(REPO, 'test/fixtures/fuzz');

interface CorpusCase {
  readonly name: string;
  readonly exit: number;
  readonly stderr: readonly string[];
  readonly args?: readonly string[];
}

describe.skipIf(cluster === undefined)(
  'Kubernetes OpenAPI schemas (real API server)',
  () => {
    it('are the committed ones, regenerated from /openapi/v3', () => {
      const fetched = fetchOpenApi(RESOURCES, target().kubeconfig);
      const data = trimSchemas(
        fetched.documents,
        RESOURCES,
        schemaSource(fetched.version),
      );
      expect(JSON.parse(JSON.stringify(data))).toEqual(
        JSON.parse(readFileSync(SCHEMAS, 'utf8')),
      );
    });

    it('refuse only objects the API server refuses (server-side dry-run)', async () => {
      await kubectl(['create', 'namespace', 'web']);
      const cases = (
        JSON.parse(
          readFileSync(join(FUZZ, 'cases.json'), 'utf8'),
        ) as CorpusCase[]
      ).filter(
        c =>
          c.exit === 2 &&
          c.args === undefined &&
          c.stderr.some(s => s.includes('invalid object')),
      );
      expect(cases.length).toBeGreaterThan(60);
      const accepted: string[] = [];
      await pool(cases, 4, async c => {
        const result = await kubectl([
          'create',
          '--dry-run=server',
          '-f',
          join(FUZZ, 'cases', c.name),
        ]);
        if (result.code === 0)
          accepted.push(`${c.name}: ${result.stdout.trim()}`);
      });
      expect(accepted).toEqual([]);
    });
  },
);
