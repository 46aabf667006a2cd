// The committed bootstrap-policy.json is exactly what scripts/gen-bootstrap-rbac.ts
// builds from shared/conformance/k8s-bootstrap-rbac, and that data is the
// upstream copy SOURCE.md describes.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BOOTSTRAP_POLICY_OBJECTS,
  BOOTSTRAP_POLICY_SOURCE,
} from '../../src/rbac/index.ts';
import {
  BOOTSTRAP_FILES,
  BOOTSTRAP_SOURCE_DIR,
  buildBootstrapPolicy,
} from './bootstrap-policy-build.ts';

const committed = new URL(
  '../../src/rbac/bootstrap-policy.json',
  import.meta.url,
);

describe('bootstrap-policy.json', () => {
  it('equals a fresh run of scripts/gen-bootstrap-rbac.ts (run it after changing the data)', () => {
    const onDisk: unknown = JSON.parse(readFileSync(committed, 'utf8'));
    expect(onDisk).toEqual(JSON.parse(JSON.stringify(buildBootstrapPolicy())));
  });

  it('is what the engine imports', () => {
    expect(BOOTSTRAP_POLICY_OBJECTS).toEqual(buildBootstrapPolicy().objects);
    expect(BOOTSTRAP_POLICY_SOURCE.license).toBe('Apache-2.0');
    expect(BOOTSTRAP_POLICY_SOURCE.copyright).toBe('The Kubernetes Authors');
    expect(
      BOOTSTRAP_POLICY_SOURCE.files.map(f => f.commit.slice(0, 8)),
    ).toEqual([
      '025f2834',
      'c60df899',
      '008b3652',
      '0158d1b4',
      '008b3652',
      '008b3652',
    ]);
  });

  it('keeps only the fields the evaluator reads', () => {
    const keys = new Set(BOOTSTRAP_POLICY_OBJECTS.flatMap(o => Object.keys(o)));
    expect([...keys].sort()).toEqual([
      'aggregationRule',
      'kind',
      'metadata',
      'roleRef',
      'rules',
      'subjects',
    ]);
    const metadataKeys = new Set(
      BOOTSTRAP_POLICY_OBJECTS.flatMap(o => Object.keys(o.metadata)),
    );
    expect([...metadataKeys].sort()).toEqual(['labels', 'name', 'namespace']);
  });

  it.each(BOOTSTRAP_FILES)(
    'reads %s, byte-identical to the SOURCE.md hash',
    file => {
      const source = readFileSync(
        new URL('SOURCE.md', BOOTSTRAP_SOURCE_DIR),
        'utf8',
      );
      const bytes = readFileSync(new URL(file, BOOTSTRAP_SOURCE_DIR));
      const hash = createHash('sha256').update(bytes).digest('hex');
      expect(source).toContain(`| \`${file}\` |`);
      expect(source).toContain(`| ${bytes.length} | \`${hash}\` |`);
    },
  );
});
