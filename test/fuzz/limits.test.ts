// Inputs too big to commit, made here and given to the real command in a
// child process whose peak memory is read from /proc: an endless standard
// input, a 130 MB single-line YAML, and YAML far denser than manifests under
// a small heap. Each must end in exit 2 naming the input, quickly and within
// its memory, never in a V8 out-of-memory abort.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/paths.ts';

const BIN = join(REPO_ROOT, 'apps/cli/bin/chokepoint.js');
const MiB = 1024 * 1024;

interface Run {
  readonly code: number | null;
  readonly stderr: string;
  readonly peakMiB: number;
  readonly ms: number;
}

/** Peak resident memory of a running process, from /proc (0 when gone). */
function peakMiB(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${String(pid)}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb === undefined ? 0 : Number(kb) / 1024;
  } catch {
    return 0;
  }
}

function run(
  args: readonly string[],
  options: {
    heapMiB?: number;
    feed?: (stdin: NodeJS.WritableStream) => void;
  } = {},
): Promise<Run> {
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [
      ...(options.heapMiB === undefined
        ? []
        : [`--max-old-space-size=${String(options.heapMiB)}`]),
      BIN,
      ...args,
    ],
    { env: { ...process.env, CHOKEPOINT_DEBUG: '' } },
  );
  let stderr = '';
  let peak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, peakMiB(child.pid));
  }, 50);
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  child.stdin.on('error', () => undefined); // EPIPE once it stops reading
  if (options.feed) options.feed(child.stdin);
  else child.stdin.end();
  return new Promise(resolve => {
    child.on('exit', code => {
      clearInterval(timer);
      resolve({ code, stderr, peakMiB: peak, ms: Date.now() - started });
    });
  });
}

describe('inputs beyond the limits', () => {
  it('stops reading 4 GiB of standard input at the limit: exit 2, bounded memory', async () => {
    const chunk = Buffer.alloc(MiB);
    let offered = 0;
    const result = await run(['analyze', '-'], {
      feed: stdin => {
        const write = (): void => {
          while (offered < 4096 * MiB) {
            offered += chunk.length;
            if (!stdin.write(chunk)) {
              stdin.once('drain', write);
              return;
            }
          }
          stdin.end();
        };
        write();
      },
    });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toBe(
      'chokepoint analyze: <stdin>: standard input is over the 256 MiB input limit (--max-input-size or CHOKEPOINT_MAX_INPUT_SIZE raises it, up to 500 MiB)\n',
    );
    expect(offered).toBeLessThan(1024 * MiB);
    expect(result.peakMiB).toBeLessThan(1024);
  }, 120_000);

  it('refuses a 130 MB single-line YAML in seconds instead of running out of memory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'chokepoint-limits-'));
    const file = join(dir, 'one-line.yaml');
    const pairs: string[] = [];
    for (let i = 0, size = 0; size < 130e6; i++) {
      const pair = `k${String(i)}: v`;
      pairs.push(pair);
      size += pair.length + 2;
    }
    await writeFile(file, `x: {${pairs.join(', ')}}\n`);
    const result = await run(['snapshot', file, '-o', join(dir, 'out.json')]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(
      /^chokepoint snapshot: \S+one-line\.yaml: parsing this 12\d\.\d MiB of YAML may need up to [\d.]+ GiB of memory, more than the [\d.]+ (GiB|MiB) this process can spare: give it as JSON/,
    );
    expect(result.peakMiB).toBeLessThan(1536);
    expect(result.ms).toBeLessThan(90_000);
  }, 180_000);

  it('guards a small heap against dense YAML, and what it lets through parses', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'chokepoint-limits-'));
    const dense = join(dir, 'dense.yaml');
    await writeFile(dense, `x: [${'a,'.repeat(4_000_000)}a]\n`);
    const refused = await run(['analyze', dense], { heapMiB: 128 });
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toMatch(
      /dense\.yaml: parsing this 7\.6 MiB of YAML/,
    );
    // Small enough for the guard: parsed in full, then refused as no object.
    const smaller = join(dir, 'smaller.yaml');
    await writeFile(smaller, `x: [${'a,'.repeat(20_000)}a]\n`);
    const parsed = await run(['analyze', smaller], { heapMiB: 128 });
    expect(parsed.code, parsed.stderr).toBe(2);
    expect(parsed.stderr).toContain('not a Kubernetes object');
  }, 180_000);
});
