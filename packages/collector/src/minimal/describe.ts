/**
 * The allow-list as documentation: the section of docs/snapshot.md between
 * its `allow-list` markers is this text, and a test keeps it so, so the
 * documented list is the list that runs.
 */

import {
  ANNOTATION_KEYS,
  ANNOTATION_PREFIXES,
  GROUP_SHAPES,
  KIND_SHAPES,
  OTHER_KINDS,
} from './allow-list.ts';
import type { Shape } from './shape.ts';

type Fields = Readonly<Record<string, Shape>>;

function render(shape: Shape, names: Map<string, Shape>): string {
  if (shape === 'scalar') return '';
  if (shape === 'present') return ' (present or not)';
  if ('named' in shape) {
    names.set(shape.named, shape.shape);
    return `: *${shape.named}*`;
  }
  if ('only' in shape) return `[] (only ${shape.says})`;
  if ('list' in shape) return `[]${render(shape.list, names)}`;
  if ('map' in shape) return `.*${render(shape.map, names)}`;
  if ('keys' in shape) return ' (the annotation keys above)';
  return `.{${renderFields(shape.fields, names)}${shape.rest === undefined ? '' : `, any other${render(shape.rest, names)}`}}`;
}

function renderFields(fields: Fields, names: Map<string, Shape>): string {
  return Object.entries(fields)
    .map(([key, sub]) => `${key}${render(sub, names)}`)
    .join(', ');
}

/** `apiVersion, kind, metadata: *metadata*` is common to every kind: not repeated. */
function body(shape: Shape, names: Map<string, Shape>): string {
  if (typeof shape === 'string' || !('fields' in shape)) return '';
  const own = Object.fromEntries(
    Object.entries(shape.fields).filter(
      ([key]) => !['apiVersion', 'kind', 'metadata'].includes(key),
    ),
  );
  render(shape.fields.metadata ?? 'scalar', names);
  return renderFields(own, names);
}

export function describeAllowList(): string {
  const names = new Map<string, Shape>();
  const lines = [
    '<!-- allow-list:start (generated from packages/collector/src/minimal/allow-list.ts; a test keeps it so) -->',
    '',
    'Every object keeps `apiVersion`, `kind` and *metadata*. Annotations kept (any other is dropped):',
    `${ANNOTATION_KEYS.map(k => `\`${k}\``).join(', ')}, and keys starting with ${ANNOTATION_PREFIXES.map(k => `\`${k}\``).join(', ')}.`,
    '',
    '| kind | keeps besides metadata |',
    '|---|---|',
  ];
  for (const [kind, shape] of Object.entries(KIND_SHAPES).sort(([a], [b]) =>
    a < b ? -1 : 1,
  ))
    lines.push(`| ${kind} | ${body(shape, names) || '(metadata only)'} |`);
  for (const [group, shape] of Object.entries(GROUP_SHAPES))
    lines.push(`| any kind of \`${group}\` | ${body(shape, names)} |`);
  lines.push(
    `| any other kind | ${body(OTHER_KINDS, names) || '(metadata only)'} |`,
  );
  lines.push('', 'Named parts:', '');
  const done = new Set<string>();
  while (done.size < names.size) {
    for (const [name, shape] of [...names]) {
      if (done.has(name)) continue;
      done.add(name);
      const text =
        typeof shape !== 'string' && 'fields' in shape
          ? renderFields(shape.fields, names) +
            (shape.rest === undefined
              ? ''
              : `, any other${render(shape.rest, names)}`)
          : render(shape, names);
      lines.push(`- *${name}*: ${text}`);
    }
  }
  lines.push('', '<!-- allow-list:end -->');
  return lines.join('\n');
}
