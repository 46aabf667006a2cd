/**
 * Reads one input as text within the byte limit (input-limits.ts): a regular
 * file is measured before a byte is read; anything else (standard input, a
 * pipe, a device such as /dev/zero) is read in chunks and abandoned as soon
 * as it passes the limit, so it never sits in memory whole. The bytes must
 * be UTF-8 (as the API server requires of JSON and YAML): a binary file gets
 * one short message with the line and column of its first invalid byte, not
 * its content.
 */

import { open } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import type { Readable } from 'node:stream';
import { InputError } from './input-error.ts';
import { formatBytes, tooLarge } from './input-limits.ts';

export const STDIN_NAME = '<stdin>';

/** The text of a file, or InputError (exit 2) naming it. */
export async function readInputFile(
  path: string,
  maxBytes: number,
): Promise<string> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new InputError({ file: path }, fsProblem(error));
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory())
      throw new InputError({ file: path }, 'is a directory');
    if (info.isFile() && info.size > maxBytes)
      throw tooLarge(path, `the file is ${formatBytes(info.size)},`, maxBytes);
    const bytes = info.isFile()
      ? await handle.readFile()
      : await readBounded(handle.createReadStream(), path, maxBytes);
    if (bytes.length > maxBytes)
      throw tooLarge(path, 'the file grew while it was read and is', maxBytes);
    return decodeUtf8(bytes, path);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError({ file: path }, fsProblem(error));
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Standard input (or any stream) as text, read no further than `maxBytes`. */
export async function readInputStream(
  stream: Readable,
  maxBytes: number,
  name = STDIN_NAME,
): Promise<string> {
  return decodeUtf8(await readBounded(stream, name, maxBytes), name);
}

async function readBounded(
  stream: Readable,
  name: string,
  maxBytes: number,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(String(chunk), 'utf8');
    size += buffer.length;
    if (size > maxBytes) {
      stream.destroy();
      throw tooLarge(
        name,
        `${name === STDIN_NAME ? 'standard input' : 'the input'} is`,
        maxBytes,
      );
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, size);
}

/** UTF-8 bytes -> text without a byte order mark; InputError at the first invalid byte. */
export function decodeUtf8(bytes: Buffer, file: string): string {
  if (!isUtf8(bytes)) {
    const offset = firstInvalidUtf8(bytes);
    const { line, column } = bytePlace(bytes, offset);
    throw new InputError(
      { file, line, column },
      'not UTF-8 text (a binary file?): Kubernetes YAML and JSON must be UTF-8',
    );
  }
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    let length: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      length = 2;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      min = 0x10000;
    } else {
      return i;
    }
    let code = b & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return i;
      code = (code << 6) | (next & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
      return i;
    i += length;
  }
  return bytes.length;
}

/** 1-based line and byte column of a byte offset. */
function bytePlace(
  bytes: Uint8Array,
  offset: number,
): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

export function fsProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  if (code === 'ENOTDIR') return 'a part of the path is not a directory';
  return code === undefined ? 'cannot be read' : `cannot be read (${code})`;
}
