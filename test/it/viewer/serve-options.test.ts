// `chokepoint serve --host H --allow-host NAME --open --port N --session FILE`
// through the real bin: a non-loopback --host binds there, warns, and answers
// only requests with the printed access token and an allowed Host name;
// --open hands the viewer's URL to the desktop's opener (a stand-in xdg-open
// on PATH records it).
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, buildTestViewer } from './support.ts';

/** GET / on the loopback address with this Host header and token: the status. */
function status(port: string, host: string, token?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: Number(port),
        path: '/',
        headers: {
          Host: `${host}:${port}`,
          ...(token === undefined ? {} : { Authorization: `token ${token}` }),
        },
      },
      res => {
        res.resume();
        res.on('end', () => {
          resolve(res.statusCode ?? 0);
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const CLUSTER = join(
  REPO_ROOT,
  'test/fixtures/clusters/backup-reads/cluster.yaml',
);

describe.skipIf(process.platform !== 'linux')(
  'chokepoint serve options',
  () => {
    it('--host 0.0.0.0 warns and needs the token; --allow-host adds a name; --open passes the URL to xdg-open; --port 0 picks a port', async () => {
      const dist = buildTestViewer();
      const dir = mkdtempSync(join(tmpdir(), 'chokepoint-serve-options-'));
      const opened = join(dir, 'opened.txt');
      const opener = join(dir, 'xdg-open');
      writeFileSync(opener, `#!/bin/sh\necho "$1" > '${opened}'\n`);
      chmodSync(opener, 0o755);
      const child = spawn(
        process.execPath,
        [
          join(REPO_ROOT, 'apps/cli/bin/chokepoint.js'),
          'serve',
          CLUSTER,
          '--host',
          '0.0.0.0',
          '--allow-host',
          'chokepoint.test',
          '--port',
          '0',
          '--open',
          '--session',
          join(dir, 'session.json'),
        ],
        {
          cwd: REPO_ROOT,
          env: {
            ...process.env,
            CHOKEPOINT_VIEWER_DIST: dist,
            PATH: `${dir}:${process.env.PATH ?? ''}`,
          },
        },
      );
      let output = '';
      try {
        const url = await new Promise<string>((done, fail) => {
          const take = (chunk: Buffer): void => {
            output += chunk.toString('utf8');
            const match = /Chokepoint viewer: (http:\/\/\S+)/.exec(output);
            if (match?.[1] !== undefined) done(match[1]);
          };
          child.stdout.on('data', take);
          child.stderr.on('data', take);
          child.on('exit', code => {
            fail(new Error(`serve exited with ${String(code)}:\n${output}`));
          });
        });
        expect(output).toContain(
          'warning: --host 0.0.0.0 makes the viewer, and the attack paths of this cluster, reachable from other machines',
        );
        const { port, searchParams } = new URL(url);
        const token = searchParams.get('token') ?? '';
        expect(Number(port)).toBeGreaterThan(0);
        expect(token.length).toBeGreaterThan(20);
        expect(await status(port, 'chokepoint.test', token)).toBe(200);
        expect(await status(port, 'chokepoint.test')).toBe(401);
        expect(await status(port, 'elsewhere.test', token)).toBe(403);
        for (let i = 0; i < 100 && !existsSync(opened); i++)
          await new Promise(r => setTimeout(r, 100));
        expect(readFileSync(opened, 'utf8').trim()).toBe(url);
      } finally {
        const exited = new Promise(done => child.once('exit', done));
        child.kill('SIGTERM');
        await exited;
      }
    });
  },
);
