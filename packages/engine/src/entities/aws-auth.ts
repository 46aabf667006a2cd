/**
 * The mappings of the `kube-system/aws-auth` ConfigMap (EKS, catalog 3.6
 * CLOUD_MAPS_TO): `mapRoles` entries `{rolearn, username, groups}` and
 * `mapUsers` entries `{userarn, username, groups}`, stored as YAML text in
 * the ConfigMap's data. The engine has no YAML dependency, so this reads the
 * subset aws-auth uses: a block sequence of mappings with scalar values
 * (plain, 'single' or "double" quoted), whose `groups` is a block sequence
 * (indented or not) or a flow sequence `[a, b]`; `#` comments and blank
 * lines are skipped. A JSON array (valid YAML too) is accepted as well.
 * Anchors, multi-line scalars and nested mappings are not read; an entry
 * without an ARN is dropped and reported in `problems`.
 *
 * Reference: https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html
 * and aws-iam-authenticator `pkg/config/types.go` (RoleMapping, UserMapping).
 */

import type { KubeObject } from '@chokepoint/model';
import {
  asArray,
  asRecord,
  asString,
  asStringArray,
} from '../predicates/json.ts';

export interface AwsAuthMapping {
  /** `mapRoles` or `mapUsers`. */
  readonly key: 'mapRoles' | 'mapUsers';
  /** Position in its list, for evidence. */
  readonly entry: number;
  readonly arn: string;
  readonly username?: string;
  readonly groups: readonly string[];
}

export interface AwsAuthMappings {
  readonly mappings: readonly AwsAuthMapping[];
  readonly problems: readonly string[];
}

type Scalar = string;
type Item = Record<string, Scalar | Scalar[]>;

/** Removes a `#` comment that is outside quotes and starts a token. */
function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (
      c === '#' &&
      (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')
    )
      return line.slice(0, i);
  }
  return line;
}

function unquote(text: string): string {
  const value = text.trim();
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) {
    return value.slice(1, -1).replaceAll("''", "'");
  }
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value
      .slice(1, -1)
      .replace(/\\(["\\/nt])/g, (_m, c: string) =>
        c === 'n' ? '\n' : c === 't' ? '\t' : c,
      );
  }
  return value;
}

/** Splits `[a, "b", c]` into its scalars (no nesting). */
function flowSequence(text: string): string[] | undefined {
  const value = text.trim();
  if (!value.startsWith('[') || !value.endsWith(']')) return undefined;
  const inner = value.slice(1, -1).trim();
  if (inner === '') return [];
  const out: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (const c of inner) {
    if (quote !== undefined) {
      current += c;
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
      current += c;
    } else if (c === ',') {
      out.push(unquote(current));
      current = '';
    } else current += c;
  }
  out.push(unquote(current));
  return out.filter(item => item !== '');
}

/** `key: value` (the colon must be followed by a space or end the line). */
function keyValue(text: string): [string, string] | undefined {
  const match = /^("[^"]*"|'[^']*'|[^\s:][^:]*?)\s*:(?:\s+(.*))?$/.exec(
    text.trim(),
  );
  if (match === null) return undefined;
  return [unquote(match[1] ?? ''), (match[2] ?? '').trim()];
}

/** The simple YAML block sequence of mappings that aws-auth holds. */
export function parseMappingList(text: string): {
  items: Item[];
  problems: string[];
} {
  const trimmed = text.trim();
  const problems: string[] = [];
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      const items: Item[] = [];
      for (const value of asArray(parsed)) {
        const record = asRecord(value);
        if (record === undefined) continue;
        const item: Item = {};
        for (const [key, field] of Object.entries(record)) {
          if (typeof field === 'string') item[key] = field;
          else if (Array.isArray(field)) item[key] = [...asStringArray(field)];
        }
        items.push(item);
      }
      return { items, problems };
    } catch {
      // Not JSON: a YAML flow sequence of mappings is not supported.
      return {
        items: [],
        problems: ['not a JSON array and not a YAML block sequence'],
      };
    }
  }

  const items: Item[] = [];
  let itemIndent: number | undefined;
  let current: Item | undefined;
  let listKey: string | undefined;
  let lineNumber = 0;
  for (const raw of text.split(/\r?\n/)) {
    lineNumber++;
    const line = stripComment(raw).replace(/\s+$/, '');
    if (line.trim() === '' || line.trim() === '---') continue;
    const indent = line.length - line.trimStart().length;
    const content = line.trimStart();
    const dash = /^-(?:\s+|$)(.*)$/.exec(content);
    if (dash !== null && (itemIndent === undefined || indent <= itemIndent)) {
      // A new entry of the top-level sequence.
      itemIndent = indent;
      current = {};
      items.push(current);
      listKey = undefined;
      const rest = dash[1] ?? '';
      if (rest !== '') {
        const pair = keyValue(rest);
        if (pair === undefined)
          problems.push(`line ${lineNumber}: expected key: value`);
        else listKey = setField(current, pair);
      }
      continue;
    }
    if (current === undefined) {
      problems.push(`line ${lineNumber}: expected a list entry`);
      continue;
    }
    if (dash !== null) {
      // An element of the nested sequence opened by the previous `key:`.
      if (listKey === undefined) {
        problems.push(`line ${lineNumber}: list element without a key`);
        continue;
      }
      const list = current[listKey];
      const value = unquote(dash[1] ?? '');
      if (Array.isArray(list) && value !== '') list.push(value);
      continue;
    }
    const pair = keyValue(content);
    if (pair === undefined) {
      problems.push(`line ${lineNumber}: expected key: value`);
      continue;
    }
    listKey = setField(current, pair);
  }
  return { items, problems };
}

/** Sets a field; returns the key when it opens a block sequence. */
function setField(
  item: Item,
  [key, value]: [string, string],
): string | undefined {
  if (value === '') {
    item[key] = [];
    return key;
  }
  item[key] = flowSequence(value) ?? unquote(value);
  return undefined;
}

function field(item: Item, key: string): string | undefined {
  const value = item[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function groups(item: Item): string[] {
  const value = item.groups;
  if (Array.isArray(value)) return value.filter(g => g !== '');
  return typeof value === 'string' && value !== '' ? [value] : [];
}

/** Every mapping of the ConfigMap's `mapRoles` and `mapUsers`. */
export function awsAuthMappings(
  configMap: KubeObject | undefined,
): AwsAuthMappings {
  const mappings: AwsAuthMapping[] = [];
  const problems: string[] = [];
  const data = asRecord(configMap?.data);
  if (data === undefined) return { mappings, problems };
  for (const [key, arnKey] of [
    ['mapRoles', 'rolearn'],
    ['mapUsers', 'userarn'],
  ] as const) {
    const raw = data[key];
    const text = asString(raw);
    let items: Item[];
    if (text !== undefined) {
      const parsed = parseMappingList(text);
      items = parsed.items;
      problems.push(...parsed.problems.map(p => `data.${key}: ${p}`));
    } else if (Array.isArray(raw)) {
      items = parseMappingList(JSON.stringify(raw)).items;
    } else continue;
    items.forEach((item, entry) => {
      const arn = field(item, arnKey);
      if (arn === undefined) {
        problems.push(`data.${key}[${entry}]: no ${arnKey}`);
        return;
      }
      const username = field(item, 'username');
      mappings.push({
        key,
        entry,
        arn,
        ...(username === undefined ? {} : { username }),
        groups: groups(item),
      });
    });
  }
  return { mappings, problems };
}

/** aws-iam-authenticator username placeholders (`{{EC2PrivateDNSName}}`, `{{SessionName}}`...). */
const PLACEHOLDER = /\{\{[^{}]*\}\}/g;

export function isTemplated(username: string): boolean {
  return /\{\{[^{}]*\}\}/.test(username);
}

/** A matcher for the usernames a templated username can produce. */
export function templateMatcher(username: string): RegExp {
  const parts = username
    .split(PLACEHOLDER)
    .map(part => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.+')}$`);
}
