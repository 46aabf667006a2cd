/**
 * Kubernetes YAML -> Snapshot for engine tests, through the real offline
 * reader, so a rule's fixture is read exactly as a user's manifests are.
 */

import { readFile } from 'node:fs/promises';
import { readInputs } from '@chokepoint/collector';
import type { Snapshot } from '@chokepoint/model';

export function snapshotOf(
  yaml: string,
  clusterName = 'test',
): Promise<Snapshot> {
  return readInputs(['-'], {
    readStdin: () => Promise.resolve(yaml),
    clusterName,
    now: () => new Date('2026-01-01T00:00:00Z'),
    tool: 'chokepoint test',
  });
}

/** A fixture of `test/fixtures/attacks/`, by edge kind. */
export function fixture(kind: string): Promise<string> {
  return readFile(
    new URL(`fixtures/attacks/${kind}.yaml`, import.meta.url),
    'utf8',
  );
}

/** A worker node and the namespaces most cases use, to prepend to a case. */
export const BASE = `apiVersion: v1
kind: Node
metadata:
  name: worker-1
  labels: { kubernetes.io/os: linux }
---
apiVersion: v1
kind: Namespace
metadata: { name: default }
`;
