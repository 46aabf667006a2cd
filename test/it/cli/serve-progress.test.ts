import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/paths.ts';
import { runInPty, shellQuote } from '../../support/pty.ts';
import { BIN } from '../../support/run-cli.ts';

const DEMO = join(REPO_ROOT, 'examples/demo-cluster');

describe('chokepoint serve on a terminal', () => {
  it('shows its phases until the URL, then the timings and the URL', async () => {
    const run = await runInPty(
      `${shellQuote(BIN)} serve ${shellQuote(DEMO)} --port 0 --timings --session ${shellQuote(join(mkdtempSync(join(tmpdir(), 'chokepoint-serve-')), 'session.json'))}`,
      { until: /Chokepoint viewer: http:\/\/127\.0\.0\.1:\d+\// },
    );
    const url = run.transcript.indexOf('Chokepoint viewer: http');
    expect(url).toBeGreaterThan(-1);
    const before = run.transcript.slice(0, url);
    let at = 0;
    for (const label of [
      'reading',
      'findings',
      'building the graph',
      'paths',
    ]) {
      const found = new RegExp(`chokepoint serve \\d+\\.\\d s, ${label}`).exec(
        before.slice(at),
      );
      expect(found, `phase "${label}"`).not.toBeNull();
      at += found?.index ?? 0;
    }
    expect(before).toMatch(
      /^ {2}building the graph +\d+\.\d\d s +\d+ MiB\r?$/m,
    );
    expect(before).toMatch(/^ {2}viewer +\d+\.\d\d s/m);
  });
});
