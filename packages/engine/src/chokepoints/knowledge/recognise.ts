/**
 * Recognising well-known components in a cluster: by image repository path
 * first (mirrors keep the path's tail), then by command or pod labels where
 * one image serves several components. A container recognised by nothing is
 * an unknown workload, and fixes on it are judged from what the cluster shows
 * alone: a wrong guess would be worse than none.
 */

import { asArray, asString } from '../../predicates/json.ts';
import type { ContainerSpec } from '../../predicates/pod-spec.ts';
import type { Component, ComponentFamily } from './types.ts';

/**
 * The repository path of an image reference: no registry host, tag or
 * digest, and Docker Hub's `library/` prefix dropped
 * (`docker.io/calico/node:v3.28@sha256:...` is `calico/node`).
 */
export function repositoryPath(image: string): string {
  const at = image.indexOf('@');
  let reference = at === -1 ? image : image.slice(0, at);
  const colon = reference.lastIndexOf(':');
  if (colon > reference.lastIndexOf('/')) reference = reference.slice(0, colon);
  const parts = reference.split('/');
  const first = parts[0] ?? '';
  // A first part with a dot or port, or `localhost`, is a registry host.
  if (
    parts.length > 1 &&
    (first.includes('.') || first.includes(':') || first === 'localhost')
  )
    parts.shift();
  if (parts.length > 1 && parts[0] === 'library') parts.shift();
  return parts.join('/').toLowerCase();
}

/** `calico/node` matches `calico/node` and `mirror/calico/node`, not `calico/node-x` or `xcalico/node`. */
export function imageMatches(image: string, pattern: string): boolean {
  const path = repositoryPath(image);
  return path === pattern || path.endsWith(`/${pattern}`);
}

function commandWords(container: ContainerSpec): string[] {
  const words: string[] = [];
  for (const key of ['command', 'args']) {
    for (const item of asArray(container.raw[key])) {
      const text = asString(item);
      if (text === undefined) continue;
      for (const word of text.split(/\s+/)) {
        if (word === '' || word.startsWith('-')) continue;
        words.push(word.slice(word.lastIndexOf('/') + 1));
      }
    }
  }
  return words;
}

function recognisedAs(
  component: Component,
  container: ContainerSpec,
  labels: Readonly<Record<string, string>>,
): boolean {
  const { images, command, labels: wanted } = component.recognise;
  const image = container.image;
  if (image === undefined || !images.some(p => imageMatches(image, p)))
    return false;
  if (command === undefined && wanted === undefined) return true;
  const words = commandWords(container);
  if (command?.some(c => words.includes(c)) === true) return true;
  return (
    wanted !== undefined &&
    Object.entries(wanted).every(([key, value]) => labels[key] === value)
  );
}

export interface Recognised {
  readonly component: Component;
  readonly family: ComponentFamily;
}

/** The component a container is, or undefined for an unknown workload. */
export function recogniseContainer(
  families: readonly ComponentFamily[],
  container: ContainerSpec,
  labels: Readonly<Record<string, string>>,
): Recognised | undefined {
  for (const family of families) {
    for (const component of family.components) {
      if (recognisedAs(component, container, labels))
        return { component, family };
    }
  }
  return undefined;
}

export interface RecognisedContainers {
  /** Each component once, in container order. */
  readonly known: readonly Recognised[];
  /** Names of the containers no component matches. */
  readonly unknown: readonly string[];
}

/** Sorts a workload's containers into known components and unknown ones. */
export function recogniseContainers(
  families: readonly ComponentFamily[],
  containers: readonly ContainerSpec[],
  labels: Readonly<Record<string, string>>,
): RecognisedContainers {
  const known: Recognised[] = [];
  const unknown: string[] = [];
  for (const container of containers) {
    const found = recogniseContainer(families, container, labels);
    if (found === undefined) unknown.push(container.name);
    else if (!known.some(k => k.component.id === found.component.id))
      known.push(found);
  }
  return { known, unknown };
}
