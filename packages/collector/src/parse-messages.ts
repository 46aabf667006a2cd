/**
 * What a YAML or JSON syntax error says, in our words: the parsers' own
 * messages may quote the input (V8 quotes the start of the text, yaml names
 * tokens and tags), and an error must carry the place, not the content.
 */

import type { ErrorCode } from 'yaml';

const YAML_PROBLEMS: Readonly<Record<ErrorCode, string>> = {
  ALIAS_PROPS: 'an alias cannot have an anchor or a tag',
  BAD_ALIAS: 'an alias names an anchor that is not defined before it',
  BAD_DIRECTIVE: 'malformed % directive',
  BAD_DQ_ESCAPE: 'invalid escape sequence in a double-quoted string',
  BAD_INDENT: 'bad indentation',
  BAD_PROP_ORDER: 'anchor and tag in the wrong order',
  BAD_SCALAR_START: 'a plain value cannot start with this character',
  BLOCK_AS_IMPLICIT_KEY: 'a block collection cannot be a key',
  BLOCK_IN_FLOW: 'block syntax inside a flow collection ([...] or {...})',
  DUPLICATE_KEY: 'duplicate key (the API server refuses duplicate fields)',
  IMPOSSIBLE: 'malformed YAML',
  KEY_OVER_1024_CHARS: 'an implicit key longer than 1024 characters',
  MISSING_CHAR: 'a closing quote, bracket or brace is missing',
  MULTILINE_IMPLICIT_KEY: 'a key must be on a single line (missing ":"?)',
  MULTIPLE_ANCHORS: 'a value has more than one anchor',
  MULTIPLE_DOCS: 'more than one document where one is expected',
  MULTIPLE_TAGS: 'a value has more than one tag',
  NON_STRING_KEY: 'a key that is not a string',
  RESOURCE_EXHAUSTION:
    'aliases expand to too many values (a "billion laughs" alias bomb?)',
  TAB_AS_INDENT: 'a tab used for indentation',
  TAG_RESOLVE_FAILED: 'a value does not match its tag',
  UNEXPECTED_TOKEN: 'unexpected token',
  BAD_COLLECTION_TYPE: 'a collection of the wrong type for its tag',
};

export function yamlProblem(code: ErrorCode | undefined): string {
  return `invalid YAML: ${(code && YAML_PROBLEMS[code]) ?? 'malformed YAML'}`;
}

/**
 * V8's JSON.parse message without the input it quotes
 * (`Unexpected token 'x', "xyz..." is not valid JSON`) or the position
 * (the place says it).
 */
export function jsonProblem(message: string): string {
  let text = message
    .replace(/\s*in JSON at position \d+.*$/s, '')
    .replace(/\s*\(line \d+ column \d+\)$/, '');
  if (text.startsWith('Unexpected token') || text.includes('is not valid JSON'))
    text = 'unexpected character';
  else if (text.startsWith('Bad control character'))
    text = 'a control character inside a string';
  else if (!/^[\w\s',{}[\]:"-]{1,80}$/.test(text)) text = 'malformed JSON';
  return `invalid JSON: ${text.charAt(0).toLowerCase()}${text.slice(1)}`;
}
