import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EDGE_KINDS } from '@chokepoint/model';
import { REPO_ROOT } from './support/paths.ts';

const REQUIRED = [
  'Prerequisites',
  'Exploitation',
  'Defences',
  'Calculation',
  'References',
];
const ruleKinds = Object.entries(EDGE_KINDS)
  .filter(([, info]) => info.derivedBy === 'rule')
  .map(([kind]) => kind);

describe('technique documentation', () => {
  it.each(ruleKinds)(
    'docs/attacks/%s.md exists with every required section',
    kind => {
      const path = join(REPO_ROOT, 'docs/attacks', `${kind}.md`);
      expect(existsSync(path), `${path} is missing`).toBe(true);
      const text = readFileSync(path, 'utf8');
      expect(text.startsWith(`# ${kind}\n`)).toBe(true);
      for (const heading of REQUIRED)
        expect(text).toMatch(new RegExp(`^## ${heading}$`, 'm'));
    },
  );
});

describe('generated docs', () => {
  it('docs/model.md and docs/attacks/index.md match the model tables', async () => {
    const { attacksIndex, modelDoc } = await import('../scripts/gen-docs.ts');
    expect(readFileSync(join(REPO_ROOT, 'docs/model.md'), 'utf8')).toBe(
      modelDoc(),
    );
    expect(readFileSync(join(REPO_ROOT, 'docs/attacks/index.md'), 'utf8')).toBe(
      attacksIndex(),
    );
  });
});
