#!/usr/bin/env node
// Seeds the control plane of scripts/bench-collect.sh: NODES Node objects and
// PODS Pods with spec.nodeName over NAMESPACES namespaces (they stay Pending:
// no scheduler, no kubelet). Uses the admin client certificate of KUBECONFIG.
import { readFileSync } from 'node:fs';
import https from 'node:https';

const PODS = Number(process.argv[2] ?? 10000);
const NODES = 20;
const NAMESPACES = 10;
const text = readFileSync(process.env.KUBECONFIG, 'utf8');
const field = name => text.match(new RegExp(`${name}: (.*)`))?.[1]?.trim();
const server = new URL(field('server'));
const agent = new https.Agent({
  keepAlive: true,
  maxSockets: 16,
  ca: readFileSync(field('certificate-authority')),
  cert: readFileSync(field('client-certificate')),
  key: readFileSync(field('client-key')),
});

function post(path, body) {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(path, server),
      {
        method: 'POST',
        agent,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(data),
        },
      },
      res => {
        res.resume();
        res.on('end', () =>
          res.statusCode < 300 || res.statusCode === 409
            ? resolve()
            : reject(new Error(`${path}: ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

async function pool(n, limit, task) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < n) await task(next++);
    }),
  );
}

const t0 = Date.now();
await pool(NODES, 8, i =>
  post('/api/v1/nodes', {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: `bench-node-${i}`,
      labels: { 'kubernetes.io/os': 'linux' },
    },
  }),
);
await pool(NAMESPACES, 8, i =>
  post('/api/v1/namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: `bench-${i}` },
  }),
);
// ServiceAccount admission needs each namespace's default ServiceAccount.
for (let tries = 0; tries < 100; tries++) {
  const ok = await new Promise(resolve =>
    https
      .get(
        new URL(
          `/api/v1/namespaces/bench-${NAMESPACES - 1}/serviceaccounts/default`,
          server,
        ),
        { agent },
        res => {
          res.resume();
          resolve(res.statusCode === 200);
        },
      )
      .on('error', () => resolve(false)),
  );
  if (ok) break;
  await new Promise(r => setTimeout(r, 200));
}
await pool(PODS, 16, i =>
  post(`/api/v1/namespaces/bench-${i % NAMESPACES}/pods`, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `pod-${i}`, labels: { app: `app-${i % 50}` } },
    spec: {
      nodeName: `bench-node-${i % NODES}`,
      containers: [
        {
          name: 'app',
          image: 'nginx:1.27',
          ports: [{ containerPort: 80 }],
          securityContext: { runAsNonRoot: true },
        },
      ],
    },
  }),
);
agent.destroy();
console.error(
  `seeded ${NODES} nodes, ${NAMESPACES} namespaces, ${PODS} pods in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
);
