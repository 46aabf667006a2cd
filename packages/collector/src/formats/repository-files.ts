/**
 * Files of a repository folder that are not Kubernetes objects although they
 * are YAML: Helm charts (a folder with `Chart.yaml`: its values, templates and
 * sub-charts are inputs to `helm template`, not objects) and kustomizations
 * (`kustomization.yaml` and the patches it names are inputs to `kubectl
 * kustomize`). Walking a folder skips them with a warning that says how to
 * render them (cli-contract, Inputs); a file named on the command line is
 * never skipped.
 */

import { join } from 'node:path';
import { parseDocument } from 'yaml';

export const CHART_FILE_NAMES = ['Chart.yaml', 'Chart.yml'];
export const KUSTOMIZATION_FILE_NAMES = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];

export function isChartFolder(entries: readonly string[]): boolean {
  return entries.some(name => CHART_FILE_NAMES.includes(name));
}

export function isKustomization(name: string): boolean {
  return KUSTOMIZATION_FILE_NAMES.includes(name);
}

export function chartReason(chart: string): string {
  return `a Helm chart file, not a Kubernetes object (render the chart: helm template NAME ${chart} | chokepoint analyze -)`;
}

export function kustomizationReason(folder: string): string {
  return `a kustomization, not a Kubernetes object (render it: kubectl kustomize ${folder} | chokepoint analyze -)`;
}

export function patchReason(folder: string): string {
  return `a patch of the kustomization in ${folder}, not a whole object (render it: kubectl kustomize ${folder} | chokepoint analyze -)`;
}

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];
}

function pathsOf(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  for (const entry of value) {
    if (typeof entry === 'object' && entry !== null) {
      const path = (entry as Record<string, unknown>).path;
      if (typeof path === 'string') out.push(path);
    }
  }
  return out;
}

/**
 * Files a kustomization names as patches (`patches[].path`,
 * `patchesStrategicMerge`, `patchesJson6902[].path`), as paths under
 * `folder`. Partial objects: read as objects they would replace the whole
 * object they patch. An unreadable kustomization names none.
 */
export function kustomizationPatches(text: string, folder: string): string[] {
  let value: unknown;
  try {
    value = parseDocument(text).toJS();
  } catch {
    return [];
  }
  if (typeof value !== 'object' || value === null) return [];
  const k = value as Record<string, unknown>;
  return [
    ...pathsOf(k.patches),
    ...strings(k.patchesStrategicMerge),
    ...pathsOf(k.patchesJson6902),
  ]
    .filter(path => !path.includes('\n'))
    .map(path => join(folder, path));
}
