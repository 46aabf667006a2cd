/**
 * What the CLI prints, made safe for a terminal: names and messages come
 * from the input, and a crafted name must not move the cursor, recolour the
 * screen or forge a line.
 */

const UNSAFE =
  // eslint-disable-next-line no-control-regex -- the characters a terminal acts on
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Command output with every control character but tab and newline written
 * as `\uXXXX`: readable in a report, and the JSON escape of the same
 * character, so JSON output stays valid and means the same.
 */
export function safeOutput(text: string): string {
  return text.replace(
    UNSAFE,
    char => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
