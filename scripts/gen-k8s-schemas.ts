/**
 * Writes `packages/collector/src/validation/k8s-schemas.json`: the OpenAPI
 * schemas of the built-in kinds Chokepoint reads, as served by the real
 * kube-apiserver of scripts/k8s.sh at `/openapi/v3`, trimmed by
 * scripts/k8s-schemas/trim.ts. Run it when the pinned Kubernetes version
 * changes:
 *
 *   pnpm exec tsx scripts/gen-k8s-schemas.ts            # starts and stops a control plane
 *   KUBECONFIG=... pnpm exec tsx scripts/gen-k8s-schemas.ts --running
 *
 * The integration test test/it/k8s/schemas.test.ts fetches the documents
 * again and compares, so edit this script or trim.ts, never the JSON.
 */

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format } from 'prettier';
import { RESOURCES } from '../packages/collector/src/resources.ts';
import { fetchOpenApi, schemaSource } from './k8s-schemas/fetch.ts';
import { trimSchemas } from './k8s-schemas/trim.ts';

const target = new URL(
  '../packages/collector/src/validation/k8s-schemas.json',
  import.meta.url,
);
const k8s = fileURLToPath(new URL('k8s.sh', import.meta.url));

let run: string | undefined;
if (!process.argv.includes('--running')) {
  const started = execFileSync('bash', [k8s, 'start'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for (const line of started.split('\n')) {
    const match = /^export (\w+)=(.*)$/.exec(line);
    if (match?.[1] !== undefined) process.env[match[1]] = match[2] ?? '';
  }
  run = process.env.CHOKEPOINT_K8S_RUN;
}
try {
  const fetched = fetchOpenApi(RESOURCES);
  const data = trimSchemas(
    fetched.documents,
    RESOURCES,
    schemaSource(fetched.version),
  );
  const text = await format(JSON.stringify(data), { parser: 'json' });
  writeFileSync(target, text);
  const missing = RESOURCES.filter(r => !(r.kind in data.kinds)).map(
    r => `${r.group}/${r.version} ${r.kind}`,
  );
  console.log(
    `gen-k8s-schemas: ${String(Object.keys(data.kinds).length)} kinds, ${String(Object.keys(data.definitions).length)} definitions from Kubernetes ${fetched.version} -> ${target.pathname}` +
      (missing.length > 0
        ? `\n  not served (CRDs, not validated): ${missing.join(', ')}`
        : ''),
  );
} finally {
  if (run !== undefined)
    execFileSync('bash', [k8s, 'stop', run], { stdio: 'inherit' });
}
