/** Standard streams, behind an interface so commands can be tested in-process. */

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => Promise<string>;
  /** True when stderr is a terminal: progress is shown only then. */
  readonly interactive: boolean;
}

export function processIo(): Io {
  return {
    stdout: text => process.stdout.write(text),
    stderr: text => process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    interactive: process.stderr.isTTY,
  };
}

/** A one-line progress display that rewrites itself on a terminal. */
export function progress(
  io: Io,
): ((message: string) => void) & { done: () => void } {
  let shown = false;
  const show = (message: string): void => {
    if (!io.interactive) return;
    const line = message.length > 100 ? `…${message.slice(-99)}` : message;
    io.stderr(`\r\x1b[2K${line}`);
    shown = true;
  };
  return Object.assign(show, {
    done: () => {
      if (shown) io.stderr('\r\x1b[2K');
      shown = false;
    },
  });
}
