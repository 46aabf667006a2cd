import { describe, expect, it } from 'vitest';
import { open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  InputError,
  parseByteSize,
  readInputFile,
  readInputStream,
  readInputs,
} from '../src/index.ts';
import { checkParseMemory } from '../src/input-limits.ts';
import { firstInvalidUtf8 } from '../src/input-text.ts';
import { tempTree } from './helpers.ts';

const MiB = 1024 * 1024;

async function rejection(promise: Promise<unknown>): Promise<InputError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

/** An endless stream of zeros that counts what was pulled from it. */
function zeros(): { stream: Readable; pulled: () => number } {
  let pulled = 0;
  const chunk = Buffer.alloc(64 * 1024);
  const stream = new Readable({
    read() {
      pulled += chunk.length;
      this.push(chunk);
    },
  });
  return { stream, pulled: () => pulled };
}

describe('input limits', () => {
  it('reads sizes with binary units and refuses nonsense', () => {
    expect(parseByteSize('1048576')).toBe(MiB);
    expect(parseByteSize('64M')).toBe(64 * MiB);
    expect(parseByteSize('64MiB')).toBe(64 * MiB);
    expect(parseByteSize('0.25g')).toBe(256 * MiB);
    for (const bad of ['', 'lots', '-5', '0', '2T', '600M'])
      expect(parseByteSize(bad)).toBeUndefined();
  });

  it('refuses a file over the limit before reading a byte of it', async () => {
    const root = await tempTree({});
    const path = join(root, 'huge.json');
    const handle = await open(path, 'w');
    await handle.truncate(4 * 1024 * MiB); // 4 GiB, sparse: nothing to read
    await handle.close();
    const error = await rejection(readInputFile(path, 256 * MiB));
    expect(error.place.file).toBe(path);
    expect(error.message).toMatch(
      /huge\.json: the file is 4\.0 GiB, over the 256 MiB input limit \(--max-input-size or CHOKEPOINT_MAX_INPUT_SIZE raises it/,
    );
  });

  it('stops reading an endless standard input at the limit', async () => {
    const { stream, pulled } = zeros();
    const error = await rejection(readInputStream(stream, 4 * MiB));
    expect(error.message).toBe(
      '<stdin>: standard input is over the 4 MiB input limit (--max-input-size or CHOKEPOINT_MAX_INPUT_SIZE raises it, up to 500 MiB)',
    );
    // Never much more than the limit in memory, however much is offered.
    expect(pulled()).toBeLessThan(5 * MiB);
  });

  it('stops reading an endless device given as a file', async () => {
    const error = await rejection(readInputFile('/dev/zero', 2 * MiB));
    expect(error.message).toContain('/dev/zero: the input is over the 2 MiB');
  });

  it('applies the limit to every input of readInputs, named in the message', async () => {
    const root = await tempTree({
      'a.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n',
      'big.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata: {x: "${'y'.repeat(4096)}"}\n`,
    });
    const error = await rejection(
      readInputs([root], {
        readStdin: () => Promise.resolve(''),
        now: () => new Date(0),
        tool: 'test',
        maxInputBytes: 1024,
      }),
    );
    expect(error.place.file).toBe(join(root, 'big.yaml'));
    const stdin = await rejection(
      readInputs(['-'], {
        readStdin: () => Promise.resolve('x'.repeat(2048)),
        now: () => new Date(0),
        tool: 'test',
        maxInputBytes: 1024,
      }),
    );
    expect(stdin.place.file).toBe('<stdin>');
  });
});

describe('parse memory guard', () => {
  it('refuses YAML whose parse could fill the heap, and says what to do', () => {
    const dense = `x: [${'a,'.repeat(100_000)}a]\n`;
    let thrown: unknown;
    try {
      checkParseMemory(dense, 'yaml', 'dense.yaml', 8 * MiB);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputError);
    expect((thrown as Error).message).toMatch(
      /^dense\.yaml: parsing this 195\.3 KiB of YAML may need up to .* MiB of memory, more than the 8 MiB this process can spare: give it as JSON/,
    );
  });

  it('lets through what fits, without counting when even the worst case fits', () => {
    const manifest = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n';
    expect(() => {
      checkParseMemory(manifest, 'yaml', 'ok.yaml', 8 * MiB);
    }).not.toThrow();
    // JSON counts containers, not bytes: a long string is cheap.
    const json = JSON.stringify({ data: 'z'.repeat(200_000) });
    expect(() => {
      checkParseMemory(json, 'json', 'ok.json', 2 * MiB);
    }).not.toThrow();
  });
});

describe('UTF-8', () => {
  it('finds the first byte that breaks UTF-8', () => {
    expect(firstInvalidUtf8(Buffer.from('héllo ✓ 😀'))).toBe(15);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xff, 0x62]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xc0, 0xaf]))).toBe(1); // overlong
    expect(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0); // surrogate
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xe2, 0x82]))).toBe(1); // cut
  });

  it('reports a binary file in one short line with its place, not its content', async () => {
    const root = await tempTree({});
    const path = join(root, 'image.yaml');
    const bytes = Buffer.alloc(40_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
    bytes.write('kind: Pod\nmetadata:\n', 0);
    await writeFile(path, bytes);
    const error = await rejection(readInputFile(path, 256 * MiB));
    expect(error.message).toMatch(
      /image\.yaml:3:\d+: not UTF-8 text \(a binary file\?\): Kubernetes YAML and JSON must be UTF-8$/,
    );
    expect(error.message.length).toBeLessThan(path.length + 120);
  });

  it('drops a byte order mark', async () => {
    const root = await tempTree({});
    const path = join(root, 'bom.json');
    await writeFile(path, Buffer.from('\ufeff{"kind":"x"}', 'utf8'));
    expect(await readInputFile(path, MiB)).toBe('{"kind":"x"}');
  });
});
