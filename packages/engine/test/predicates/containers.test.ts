import { describe, expect, it } from 'vitest';
import {
  containersOf,
  findContainer,
  runs,
} from '../../src/predicates/containers.ts';
import {
  isMirrorPod,
  isRunning,
  podPhase,
} from '../../src/predicates/pod-phase.ts';
import { podSpecOf, readPodSpec } from '../../src/predicates/pod-spec.ts';
import { pod } from './helpers.ts';

describe('containersOf', () => {
  const spec = readPodSpec({
    containers: [{ name: 'app' }],
    initContainers: [
      { name: 'setup' },
      { name: 'proxy', restartPolicy: 'Always' },
    ],
    ephemeralContainers: [{ name: 'debugger' }],
  });

  it('names every container with its kind, sidecars apart', () => {
    expect(containersOf(spec).map(c => [c.name, c.kind])).toEqual([
      ['app', 'container'],
      ['setup', 'init'],
      ['proxy', 'sidecar'],
      ['debugger', 'ephemeral'],
    ]);
  });

  it.each([
    ['app', true],
    ['setup', false],
    ['proxy', true],
    ['debugger', true],
  ])('runs(%s) = %s', (name, expected) => {
    const view = findContainer(spec, name);
    expect(view).toBeDefined();
    if (view) expect(runs(view)).toBe(expected);
  });

  it('skips malformed entries instead of throwing', () => {
    const bad = readPodSpec({
      containers: [
        null,
        3,
        { image: 'x' },
        { name: 'ok', securityContext: 'nope' },
      ],
      initContainers: 'oops',
      volumes: [{ name: 'v', hostPath: { path: 7 } }],
    });
    expect(containersOf(bad).map(c => c.name)).toEqual(['ok']);
    expect(bad.containers[0]?.securityContext).toBeUndefined();
    expect(bad.volumes[0]?.hostPath).toBeUndefined();
    expect(containersOf(readPodSpec(undefined))).toEqual([]);
  });

  it('reads a spec once per object', () => {
    const p = pod({ containers: [{ name: 'a' }] });
    expect(podSpecOf(p)).toBe(podSpecOf(p));
  });
});

describe('pod phase (catalog 1.4)', () => {
  it.each([
    [undefined, true],
    ['Pending', true],
    ['Running', true],
    ['Unknown', true],
    ['Succeeded', false],
    ['Failed', false],
  ])('phase %s runs: %s', (phase, expected) => {
    const p = pod({}, {}, phase === undefined ? {} : { status: { phase } });
    expect(podPhase(p)).toBe(phase);
    expect(isRunning(p)).toBe(expected);
  });

  it('detects mirror pods by annotation', () => {
    expect(
      isMirrorPod(
        pod({}, { annotations: { 'kubernetes.io/config.mirror': 'abc' } }),
      ),
    ).toBe(true);
    expect(isMirrorPod(pod({}, { annotations: { other: 'x' } }))).toBe(false);
    expect(isMirrorPod(pod({}))).toBe(false);
  });
});
