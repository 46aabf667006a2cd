import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { REPO_ROOT } from '../../support/paths.ts';

const CONTAINERFILE = join(REPO_ROOT, 'deploy/Containerfile');
const BUILDAH = '/usr/bin/buildah';
// vfs storage and chroot isolation: no overlay mounts, cgroups or daemon needed.
const STORAGE = ['--storage-driver', 'vfs'];

function buildah(args: string[], cwd = REPO_ROOT) {
  const run = spawnSync(
    BUILDAH,
    [...args.slice(0, 1), ...STORAGE, ...args.slice(1)],
    {
      cwd,
      encoding: 'utf8',
      timeout: 600_000,
    },
  );
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
}

describe('deploy/Containerfile', () => {
  it('lints clean, runs as a numeric non-root user, and starts chokepoint', () => {
    const text = readFileSync(CONTAINERFILE, 'utf8');
    expect(
      validate(text).map(
        d =>
          `${String(d.range.start.line + 1)}: ${typeof d.message === 'string' ? d.message : d.message.value}`,
      ),
    ).toEqual([]);
    const instructions = DockerfileParser.parse(text).getInstructions();
    const user = instructions.filter(i => i.getKeyword() === 'USER').at(-1);
    expect(user?.getArgumentsContent()).toBe('65532:65532');
    const entrypoint = instructions.find(i => i.getKeyword() === 'ENTRYPOINT');
    expect(JSON.parse(entrypoint?.getArgumentsContent() ?? '[]')).toEqual([
      'node',
      '/opt/chokepoint/dist/cli.js',
    ]);
    // Nothing runs at build time: the package needs no install step.
    expect(instructions.some(i => i.getKeyword() === 'RUN')).toBe(false);
  });

  it.skipIf(!existsSync(BUILDAH))(
    'builds with buildah and runs chokepoint --version in the image, as user 65532',
    () => {
      const version = (
        JSON.parse(
          readFileSync(join(REPO_ROOT, 'apps/cli/package.json'), 'utf8'),
        ) as {
          version: string;
        }
      ).version;
      if (!existsSync(join(REPO_ROOT, 'dist/package/dist/cli.js'))) {
        const packed = spawnSync('npm', ['run', '--silent', 'package'], {
          cwd: REPO_ROOT,
          encoding: 'utf8',
        });
        expect(packed.status, packed.stderr).toBe(0);
      }
      // No registry is reachable here: the Node base is this machine's own
      // runtime copied into an empty image (the issue allows FROM scratch).
      const base = mkdtempSync(join(tmpdir(), 'chokepoint-node-base-'));
      const files = ['/usr/bin/node'];
      const ldd = spawnSync('ldd', [process.execPath], {
        encoding: 'utf8',
      }).stdout;
      for (const match of ldd.matchAll(/(\/\S+\.so[.\d]*)/g))
        if (match[1]) files.push(match[1]);
      for (const file of files) {
        const to = join(base, 'root', file);
        mkdirSync(join(to, '..'), { recursive: true });
        copyFileSync(file, to);
      }
      writeFileSync(
        join(base, 'Containerfile'),
        'FROM scratch\nCOPY root/ /\n',
      );
      const tag = `localhost/chokepoint-node-base:${String(process.pid)}`;
      const built = buildah(
        ['bud', '-f', 'Containerfile', '-t', tag, '.'],
        base,
      );
      expect(built.code, built.out).toBe(0);
      const image = buildah([
        'bud',
        '-f',
        'deploy/Containerfile',
        '--build-arg',
        `NODE_IMAGE=${tag}`,
        '-t',
        `localhost/chokepoint:${String(process.pid)}`,
        '.',
      ]);
      expect(image.code, image.out).toBe(0);
      const container =
        buildah(['from', `localhost/chokepoint:${String(process.pid)}`])
          .out.trim()
          .split('\n')
          .at(-1) ?? '';
      try {
        const run = buildah([
          'run',
          '--isolation',
          'chroot',
          '--user',
          '65532:65532',
          container,
          '--',
          'node',
          '/opt/chokepoint/dist/cli.js',
          '--version',
        ]);
        expect(run.out.trim().split('\n').at(-1)).toBe(version);
        expect(run.code).toBe(0);
        const config = buildah([
          'inspect',
          '--format',
          '{{.OCIv1.Config.User}} {{.OCIv1.Config.Entrypoint}}',
          container,
        ]);
        expect(config.out.trim()).toBe(
          '65532:65532 [node /opt/chokepoint/dist/cli.js]',
        );
      } finally {
        buildah(['rm', container]);
        buildah([
          'rmi',
          '-f',
          `localhost/chokepoint:${String(process.pid)}`,
          tag,
        ]);
      }
    },
  );
});
