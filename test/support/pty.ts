/**
 * Runs a shell command under a real pseudo-terminal with util-linux's
 * script(1) (part of every Debian system), as a user's terminal would: the
 * command's stdin, stdout and stderr are the terminal unless it redirects
 * them. Returns everything the terminal showed, escape sequences included.
 */

import { spawn } from 'node:child_process';

export interface PtyResult {
  readonly code: number | null;
  readonly transcript: string;
}

export function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

export function runInPty(
  command: string,
  options: {
    cwd?: string;
    /** Resolve (and stop the command) once the transcript matches. */
    until?: RegExp;
  } = {},
): Promise<PtyResult> {
  return new Promise((resolve, reject) => {
    // An unsized pty reports 0x0; give it a terminal's usual size.
    const child = spawn(
      'script',
      ['-qec', `stty rows 30 cols 160; exec ${command}`, '/dev/null'],
      {
        cwd: options.cwd,
        env: { ...process.env, TERM: 'xterm-256color', CHOKEPOINT_DEBUG: '' },
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: true,
      },
    );
    let transcript = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      transcript += chunk;
      if (options.until?.test(transcript) === true && child.pid !== undefined)
        process.kill(-child.pid, 'SIGTERM');
    });
    child.on('error', reject);
    child.on('close', code => {
      resolve({ code, transcript });
    });
    child.stdin.end();
  });
}
