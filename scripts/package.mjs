#!/usr/bin/env node
// `npm run package`: the published `chokepoint` npm package, as a tarball in
// dist/. esbuild compiles the CLI and every library it uses into plain
// JavaScript (no TypeScript transpiler at run time); the viewer's Vite build
// and the docs it and the SARIF help show are copied beside it. The tarball
// installs with no workspace and no dependencies to fetch.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const STAGE = join(ROOT, 'dist/package');
const cli = JSON.parse(
  readFileSync(join(ROOT, 'apps/cli/package.json'), 'utf8'),
);
const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

function run(command, args, cwd = ROOT) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`package: ${command} ${args.join(' ')} failed`);
    process.exit(1);
  }
}

// 1. The viewer's static files, from its own Vite build.
const viewer = join(ROOT, 'apps/viewer');
run(
  process.execPath,
  [
    join(viewer, 'node_modules/vite/bin/vite.js'),
    'build',
    '--logLevel',
    'warn',
  ],
  viewer,
);

// 2. The code: two bins sharing chunks, loaded on demand (fast --version).
rmSync(STAGE, { recursive: true, force: true });
await build({
  absWorkingDir: ROOT,
  entryPoints: {
    cli: 'apps/cli/src/cli.ts',
    'kubectl-chokepoint': 'apps/cli/src/kubectl-plugin.ts',
  },
  outdir: join(STAGE, 'dist'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // ESM builds first: some UMD builds (jsonc-parser) require() their own
  // files by computed names, which a bundle cannot follow.
  mainFields: ['module', 'main'],
  target: 'node20.19',
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: 'linked',
  // Chunks sit beside the bins: shipped files are found from ../ (assets.ts).
  chunkNames: '[name]-[hash]',
  // Bundled CommonJS libraries call require() for Node's modules.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __chokepointRequire } from 'node:module';\nconst require = __chokepointRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

// 3. What the code reads at run time: the viewer and the docs.
cpSync(join(viewer, 'dist'), join(STAGE, 'viewer'), { recursive: true });
cpSync(join(ROOT, 'docs'), join(STAGE, 'docs'), { recursive: true });
cpSync(join(ROOT, 'README.md'), join(STAGE, 'README.md'));

writeFileSync(
  join(STAGE, 'package.json'),
  `${JSON.stringify(
    {
      name: 'chokepoint',
      version: cli.version,
      description: root.description,
      license: root.license,
      type: 'module',
      bin: {
        chokepoint: 'dist/cli.js',
        'kubectl-chokepoint': 'dist/kubectl-chokepoint.js',
      },
      engines: root.engines,
      files: ['dist', 'viewer', 'docs'],
      keywords: [
        'kubernetes',
        'security',
        'attack-path',
        'rbac',
        'sarif',
        'kubectl-plugin',
      ],
    },
    null,
    2,
  )}\n`,
);

// 4. The tarball, in dist/.
run('npm', [
  'pack',
  STAGE,
  '--pack-destination',
  join(ROOT, 'dist'),
  '--silent',
]);
const tarball = join(ROOT, 'dist', `chokepoint-${cli.version}.tgz`);
if (!existsSync(tarball)) {
  console.error(`package: ${tarball} was not written`);
  process.exit(1);
}
// 5. The krew manifest of this release (deploy/krew/chokepoint.yaml filled in).
const sha256 = createHash('sha256').update(readFileSync(tarball)).digest('hex');
const krew = readFileSync(join(ROOT, 'deploy/krew/chokepoint.yaml'), 'utf8')
  .replaceAll('${VERSION}', cli.version)
  .replaceAll('${SHA256}', sha256)
  .replaceAll(
    '${RELEASE_URL}',
    process.env.CHOKEPOINT_RELEASE_URL ?? '${RELEASE_URL}',
  );
writeFileSync(join(ROOT, 'dist/chokepoint.krew.yaml'), krew);
console.log(
  `package: ${tarball} (sha256 ${sha256}), dist/chokepoint.krew.yaml`,
);
