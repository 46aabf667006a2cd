import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { mergePatch } from '@chokepoint/engine';
import { deleteEdit, patchEdits } from '../src/output/manifest-edits.ts';
import type { Replacement } from '../src/output/manifest-edits.ts';

function apply(source: string, replacements: readonly Replacement[]): string {
  let out = source;
  for (const r of [...replacements].sort((a, b) => b.offset - a.offset))
    out = out.slice(0, r.offset) + r.text + out.slice(r.offset + r.length);
  return out;
}

const values = (text: string): unknown[] =>
  parseAllDocuments(text).map(d => d.toJS() as unknown);

const MANIFEST = `# a service account first
apiVersion: v1
kind: ServiceAccount
metadata: { name: api, namespace: shop }
---
# the workload
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api # keep this comment
  namespace: shop
spec:
  template:
    spec:
      containers:
      - name: api
        image: shop/api:1.0
        securityContext:
          privileged: true
          capabilities: { add: [NET_ADMIN] }
      volumes:
      - name: host
        hostPath: { path: / }
`;

describe('fixes as manifest edits', () => {
  const cases: { name: string; patch: Record<string, unknown> }[] = [
    {
      name: 'a changed scalar',
      patch: {
        spec: {
          template: {
            spec: {
              containers: [
                {
                  name: 'api',
                  image: 'shop/api:1.0',
                  securityContext: {
                    privileged: false,
                    capabilities: { add: ['NET_ADMIN'] },
                  },
                },
              ],
            },
          },
        },
      },
    },
    {
      name: 'an added key in a block map',
      patch: {
        spec: {
          template: {
            spec: {
              containers: [
                {
                  name: 'api',
                  image: 'shop/api:1.0',
                  securityContext: {
                    privileged: true,
                    capabilities: { add: ['NET_ADMIN'] },
                    runAsNonRoot: true,
                  },
                },
              ],
            },
          },
        },
      },
    },
    {
      name: 'a key removed from a map, and a list emptied',
      patch: {
        metadata: { namespace: null },
        spec: { template: { spec: { volumes: [] } } },
      },
    },
  ];
  for (const { name, patch } of cases) {
    it(`gives the document the engine's merge patch makes: ${name}`, () => {
      const edits = patchEdits(MANIFEST, 7, patch);
      expect(edits).toBeDefined();
      const edited = apply(MANIFEST, edits ?? []);
      const [first, second] = values(MANIFEST);
      // The independent oracle: the engine's JSON merge patch on the parsed object.
      expect(values(edited)).toEqual([first, mergePatch(second, patch)]);
      expect(edited).toContain('name: api # keep this comment');
      expect(edited.startsWith('# a service account first\n')).toBe(true);
    });
  }

  it('keeps the fields of a list item the patch does not name (a minimised snapshot)', () => {
    const edits = patchEdits(MANIFEST, 7, {
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'api', securityContext: { privileged: false } },
            ],
          },
        },
      },
    });
    const edited = values(apply(MANIFEST, edits ?? []))[1];
    expect(edited).toEqual(mergePatch(values(MANIFEST)[1], cases[0]?.patch));
  });

  it('changes a scalar in place, and nothing else', () => {
    const edits = patchEdits(MANIFEST, 7, cases[0]?.patch ?? {});
    expect(edits).toEqual([
      {
        offset: MANIFEST.indexOf('true'),
        length: 4,
        text: 'false',
      },
    ]);
  });

  it('finds no document where none starts on the line, and deletes one that does', () => {
    expect(patchEdits(MANIFEST, 3, {})).toBeUndefined();
    const edit = deleteEdit(MANIFEST, 2);
    expect(edit).toBeDefined();
    const left = values(apply(MANIFEST, edit ? [edit] : []));
    expect(left.filter(v => v !== null)).toEqual([values(MANIFEST)[1]]);
  });
});
