import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '../src/io.ts';
import { CHUNK, writeOutput } from '../src/output/write-output.ts';

function capture(): { io: Io; written: string[] } {
  const written: string[] = [];
  return {
    written,
    io: {
      stdout: text => written.push(text),
      stderr: () => undefined,
      readStdin: () => Promise.resolve(''),
    },
  };
}

describe('writeOutput', () => {
  // A report larger than one chunk, with a character outside the BMP (two
  // UTF-16 units) across the first chunk boundary and a control character.
  const head = `${'a'.repeat(CHUNK - 1)}\u{1F600}b\u001b`;
  const tail = ',\n "timings": {}\n}\n';
  const parts = [head, tail];

  it('writes the parts to --out in order, characters intact, control characters escaped', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'write-output-')), 'r.json');
    await writeOutput(capture().io, parts, out);
    const text = await readFile(out, 'utf8');
    expect(text.length).toBe(CHUNK + 2 + 6 + tail.length);
    expect(text.slice(CHUNK - 2, CHUNK + 10)).toBe('a\u{1F600}b\\u001b,\n');
  });

  it('prints the parts on stdout as one text', async () => {
    const { io, written } = capture();
    await writeOutput(io, parts, undefined);
    expect(written.length).toBeGreaterThan(1);
    expect(written.join('')).toBe(parts.join(''));
  });

  it('says which file it cannot write', async () => {
    await expect(
      writeOutput(capture().io, 'x', '/nonexistent-dir/r.json'),
    ).rejects.toThrow(/cannot write \/nonexistent-dir\/r\.json/);
  });
});
