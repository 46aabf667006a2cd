/**
 * Text that came from the input (file and object names, API server error
 * bodies) made safe to print: control characters become visible escapes, so
 * a crafted name cannot move the cursor, recolour the terminal or forge a
 * line of output, and long text is cut, so an error never carries a file's
 * content. Messages name places (file, line, column, object), never quote
 * values.
 */

/** C0 controls, DEL, C1 controls, and the Unicode line and bidi-override characters. */
const CONTROL =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const CONTROL_BUT_NEWLINE =
  // eslint-disable-next-line no-control-regex -- as above, newline excepted
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escapeOne(char: string): string {
  const code = char.charCodeAt(0);
  if (char === '\n') return '\\n';
  if (char === '\t') return '\\t';
  if (char === '\r') return '\\r';
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Every control character escaped (`\x1b`, `\n`, `\u202e`). */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, escapeOne);
}

/** As escapeControls, but line breaks stay: for multi-line messages we compose. */
export function escapeControlsKeepLines(text: string): string {
  return text.replace(CONTROL_BUT_NEWLINE, escapeOne);
}

/** At most `max` characters, with an ellipsis and the count of what was cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${String(text.length - max)} more characters)`;
}

/** A name from the input, for a message: escaped and at most 120 characters. */
export function safeName(text: string): string {
  return escapeControls(clip(text, 120));
}
