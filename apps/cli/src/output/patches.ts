/**
 * `analyze --format patches --out DIR` (cli-contract v1.1): the remediation
 * plan as files a user reviews and applies with kubectl, one script per step
 * in plan order, the patch beside it as YAML, a README and apply.sh.
 *
 * Each step is applied the way the contract defines a fix: delete the
 * target, or patch it and delete the pods in `fix.replaces` (their
 * controller recreates them from the patched template); the changes of a
 * multi-object fix (`fix.also`: the RoleBindings that replace a
 * ClusterRoleBinding) are made first, each from its own file. The patch file is a
 * strategic merge patch naming only what the fix changes, list elements by
 * their merge key (engine `strategicPatch`): the analysis may have read a
 * snapshot that keeps only some fields of each object, and a JSON merge
 * patch carrying a whole container list would strip the others on the real
 * object. A kind the API cannot patch strategically (a custom resource) or
 * an object the input does not hold gets the fix's JSON merge patch. A bare Pod's spec
 * cannot be patched, so its step recreates it (`kubectl replace --force`)
 * from the patched live object; a static pod's step says what to change in
 * the kubelet's manifest instead, as no API call can. A step whose impact
 * breaks a component is skipped unless ALLOW_BREAKS=1 says otherwise.
 * `KUBECTL` picks the kubectl command line, `DRY_RUN=server` checks every
 * change against the API server without making it (an object of a namespace
 * the step itself creates client-side: the server has no such namespace
 * yet), and `GRACE_PERIOD`
 * overrides the grace period of the pods a step deletes.
 */

import { RESOURCES } from '@chokepoint/collector';
import { mergePatch, parseObjectId, strategicPatch } from '@chokepoint/engine';
import type { Chokepoint, Impact } from '@chokepoint/engine';
import type { KubeObject } from '@chokepoint/model';
import { stringify } from 'yaml';

/** A fix as the analysis reports it, with its impact when known. */
export type PatchFix = Chokepoint['fix'] & { readonly impact?: Impact };

export interface PatchPlan {
  readonly cluster: string;
  readonly summary: { readonly exposedEntryPoints: number };
  readonly plan: {
    readonly steps: readonly {
      readonly fix: PatchFix;
      readonly exposedAfter: number;
    }[];
    readonly exposedAfter: number;
  };
}

export interface OutputFile {
  readonly name: string;
  readonly content: string;
}

type Target = ReturnType<typeof parseObjectId>;

/**
 * YAML as kubectl reads it: YAML 1.1, where an unquoted `yes`, `on` or
 * `0755` is no string (gatekeeper labels its objects `"yes"`).
 */
function yamlText(value: unknown): string {
  return stringify(value, { version: '1.1' });
}

/** API groups whose kinds take strategic merge patches (built in, not CRDs). */
const STRATEGIC_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'rbac.authorization.k8s.io',
  'networking.k8s.io',
  'policy',
]);

interface PatchText {
  readonly type: 'strategic' | 'merge';
  readonly patch: Readonly<Record<string, unknown>>;
}

/** The patch a user applies for `fix` (or a part of it), and kubectl's name for its type. */
function patchText(
  fix: Pick<PatchFix, 'target' | 'patch'>,
  object: KubeObject | undefined,
): PatchText {
  const target = parseObjectId(fix.target);
  const row = RESOURCES.find(r => r.kind === target.kind);
  const patch = fix.patch ?? {};
  if (
    object === undefined ||
    row === undefined ||
    !STRATEGIC_GROUPS.has(row.group)
  )
    return { type: 'merge', patch };
  const after = mergePatch(object, patch) as KubeObject;
  return {
    type: 'strategic',
    patch: strategicPatch(target.kind, object, after),
  };
}

/** `deployments.apps/frontend`: unambiguous for kubectl whatever CRDs exist. */
function resourceArg(target: Target): string {
  const row = RESOURCES.find(r => r.kind === target.kind);
  const type =
    row === undefined
      ? target.kind.toLowerCase()
      : row.group === ''
        ? row.plural
        : `${row.plural}.${row.group}`;
  return `${type}/${target.name}`;
}

function quote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text)
    ? text
    : `'${text.replace(/'/g, `'\\''`)}'`;
}

function ns(target: Target): string {
  return target.namespace === '' ? '' : ` -n ${quote(target.namespace)}`;
}

function slug(fix: PatchFix): string {
  const target = parseObjectId(fix.target);
  return [fix.action, target.kind, target.namespace, target.name]
    .filter(part => part !== '')
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}

function comment(text: string): string {
  return text
    .split('\n')
    .map(line => `# ${line}`.trimEnd())
    .join('\n');
}

function deletePods(pods: readonly string[]): string[] {
  const byNamespace = new Map<string, string[]>();
  for (const id of pods) {
    const pod = parseObjectId(id);
    const list = byNamespace.get(pod.namespace) ?? [];
    list.push(pod.name);
    byNamespace.set(pod.namespace, list);
  }
  return [...byNamespace].map(
    ([namespace, names]) =>
      `$KUBECTL delete pods -n ${quote(namespace)} ${names.map(quote).join(' ')} --ignore-not-found $GRACE $DRY`,
  );
}

function isMirror(object: KubeObject | undefined): boolean {
  return (
    object?.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined
  );
}

function commands(
  fix: PatchFix,
  patchFile: string,
  type: PatchText['type'],
  object: KubeObject | undefined,
): string[] {
  const target = parseObjectId(fix.target);
  const resource = quote(resourceArg(target));
  if (fix.action === 'delete')
    return [
      `$KUBECTL delete ${resource}${ns(target)} $DRY`,
      ...deletePods(fix.replaces ?? []),
    ];
  if (target.kind === 'Pod') {
    if (isMirror(object)) {
      const node = (object?.spec as { nodeName?: string } | undefined)
        ?.nodeName;
      // kubeadm names a static pod <manifest name>-<node name>.
      const manifest =
        node !== undefined && target.name.endsWith(`-${node}`)
          ? target.name.slice(0, -node.length - 1)
          : target.name;
      return [
        `echo ${quote(`manual step: ${fix.target} is a static pod of node ${node ?? '(unknown)'}; the API server cannot change it.`)} >&2`,
        `echo ${quote(`Edit its manifest in the kubelet's staticPodPath on that node (kubeadm: /etc/kubernetes/manifests/${manifest}.yaml) as ${patchFile} says.`)} >&2`,
      ];
    }
    // A running pod's spec is immutable: recreate it from the patched live
    // object. A dry run cannot replace, so it has the server validate the
    // recreated pod as a new object instead.
    const get = `$KUBECTL get ${resource}${ns(target)} -o json`;
    const patched = `$KUBECTL patch --local -f - --type ${type} --patch-file ${quote(patchFile)} -o json`;
    const renamed = `$KUBECTL patch --local -f - --type merge -p ${quote(JSON.stringify({ metadata: { name: null, generateName: `${target.name}-`, resourceVersion: null, uid: null } }))} -o json`;
    return [
      'if [ -n "${DRY_RUN:-}" ]; then',
      `  ${get} | ${patched} | ${renamed} | $KUBECTL create -f - $DRY`,
      'else',
      `  ${get} | ${patched} | $KUBECTL replace --force $GRACE -f -`,
      'fi',
    ];
  }
  return [
    `$KUBECTL patch ${resource}${ns(target)} --type ${type} --patch-file ${quote(patchFile)} $DRY`,
    ...deletePods(fix.replaces ?? []),
  ];
}

/** The part of a multi-object fix (`fix.also`), applied before the fix itself. */
type FixPart = NonNullable<PatchFix['also']>[number];

function partFile(base: string, k: number): string {
  return `${base}-also-${String(k + 1)}.yaml`;
}

/** Namespaces a fix's parts create. */
function createdNamespaces(fix: PatchFix): Set<string> {
  return new Set(
    (fix.also ?? []).flatMap(part =>
      part.action === 'create' && part.object?.kind === 'Namespace'
        ? [part.object.metadata.name]
        : [],
    ),
  );
}

function partCommands(
  part: FixPart,
  file: string,
  type: PatchText['type'],
  made: ReadonlySet<string>,
): string[] {
  const target = parseObjectId(part.target);
  const resource = quote(resourceArg(target));
  switch (part.action) {
    case 'create':
      // The API server cannot check an object of a namespace it does not
      // have yet: a dry run checks those client-side.
      return made.has(target.namespace)
        ? [`$KUBECTL apply -f ${quote(file)} \${DRY_RUN:+--dry-run=client}`]
        : [`$KUBECTL apply -f ${quote(file)} $DRY`];
    case 'delete':
      return [`$KUBECTL delete ${resource}${ns(target)} $DRY`];
    case 'patch':
      return [
        `$KUBECTL patch ${resource}${ns(target)} --type ${type} --patch-file ${quote(file)} $DRY`,
      ];
  }
}

function stepScript(
  step: number,
  steps: number,
  fix: PatchFix,
  exposedAfter: number,
  base: string,
  type: PatchText['type'],
  object: KubeObject | undefined,
  partTypes: readonly PatchText['type'][],
): string {
  const impact = fix.impact;
  const lines = [
    '#!/usr/bin/env bash',
    comment(`Step ${String(step)} of ${String(steps)}: ${fix.description}`),
    comment(`Fix id: ${fix.id}`),
    ...(impact === undefined
      ? []
      : [
          comment(
            `Impact: ${impact.level}${impact.component === undefined ? '' : ` (${impact.component})`}: ${impact.reason}`,
          ),
        ]),
    comment(
      `Exposed entry points once this and the earlier steps are applied: ${String(exposedAfter)}`,
    ),
    'set -euo pipefail',
    'cd "$(dirname "$0")"',
    'KUBECTL=${KUBECTL:-kubectl}',
    'DRY=${DRY_RUN:+--dry-run=$DRY_RUN}',
    'GRACE=${GRACE_PERIOD:+--grace-period=$GRACE_PERIOD}',
    // kubectl deletes at once only with --force; a grace period of 0 means that.
    'if [ "${GRACE_PERIOD:-}" = 0 ]; then GRACE="--grace-period=0 --force"; fi',
  ];
  if (impact?.level === 'breaks')
    lines.push(
      'if [ "${ALLOW_BREAKS:-}" != 1 ]; then',
      `  echo ${quote(`step ${String(step)} skipped: it breaks ${impact.component ?? 'a component'} (${impact.reason}); set ALLOW_BREAKS=1 to apply it anyway`)} >&2`,
      '  exit 0',
      'fi',
    );
  const made = createdNamespaces(fix);
  (fix.also ?? []).forEach((part, k) => {
    lines.push(
      ...partCommands(part, partFile(base, k), partTypes[k] ?? 'merge', made),
    );
  });
  lines.push(...commands(fix, `${base}.yaml`, type, object));
  return `${lines.join('\n')}\n`;
}

function readme(result: PatchPlan, names: readonly string[]): string {
  const { steps } = result.plan;
  const lines = [
    `# Remediation plan for ${result.cluster}`,
    '',
    `Chokepoint measured ${String(result.summary.exposedEntryPoints)} exposed entry points; after the ${String(steps.length)} steps below, ${String(result.plan.exposedAfter)}.`,
    'Each step is a script of kubectl commands; its patch is in the YAML file of the same number: a strategic merge patch (`kubectl patch --type strategic`) that names only the fields the fix changes and addresses list elements by name, so the rest of the live object is kept (a custom resource gets a JSON merge patch).',
    '',
    'Review each step, then apply them in order:',
    '',
    '```sh',
    'DRY_RUN=server bash apply.sh      # the API server checks every change, nothing is changed',
    'bash apply.sh                     # apply (KUBECTL="kubectl --context NAME" picks the cluster)',
    '```',
    '',
    'A step that breaks a component is skipped unless `ALLOW_BREAKS=1` is set. Pods a step replaces are deleted with their grace period (`GRACE_PERIOD=N` overrides it).',
    '',
    '| step | fix | impact | exposed after | file |',
    '|---|---|---|---|---|',
  ];
  steps.forEach((step, i) => {
    const impact = step.fix.impact;
    const cell = (text: string) => text.replace(/\|/g, '\\|');
    lines.push(
      `| ${String(i + 1)} | ${cell(step.fix.description)} | ${impact === undefined ? '' : cell(`${impact.level}${impact.component === undefined ? '' : ` (${impact.component})`}: ${impact.reason}`)} | ${String(step.exposedAfter)} | \`${names[i] ?? ''}\` |`,
    );
  });
  return `${lines.join('\n')}\n`;
}

const APPLY = `#!/usr/bin/env bash
# Applies every step of the plan in order; stops at the first failure.
# KUBECTL="kubectl --context NAME" picks the cluster; DRY_RUN=server only checks.
set -euo pipefail
cd "$(dirname "$0")"
for step in [0-9][0-9]-*.sh; do
  echo "== $step" >&2
  bash "$step"
done
`;

/**
 * The files of one step: its script and, for a patch, the merge patch it
 * applies. Exported so a test can check any fix the way a user applies it.
 */
export function stepFiles(
  fix: PatchFix,
  step: {
    readonly number: number;
    readonly of: number;
    readonly exposedAfter: number;
  },
  lookup: (id: string) => KubeObject | undefined,
): OutputFile[] {
  const base = `${String(step.number).padStart(2, '0')}-${slug(fix)}`;
  const patchFile = `${base}.yaml`;
  const object = lookup(fix.target);
  const { type, patch } = patchText(fix, object);
  const title =
    type === 'strategic' ? 'Strategic merge patch' : 'JSON merge patch';
  // A part patching a workload is strategic too, for the same reason.
  const partTexts = (fix.also ?? []).map(part =>
    patchText(part, lookup(part.target)),
  );
  const parts = (fix.also ?? []).flatMap((part, k) => {
    if (part.action === 'delete') return [];
    const text = partTexts[k] ?? { type: 'merge' as const, patch: {} };
    return [
      {
        name: partFile(base, k),
        content:
          part.action === 'create'
            ? `# ${part.target}, created with this fix (kubectl apply -f)\n${yamlText(part.object)}`
            : `# ${text.type === 'strategic' ? 'Strategic merge patch' : 'JSON merge patch'} of ${part.target}, made with this fix (kubectl patch --type ${text.type})\n${yamlText(text.patch)}`,
      },
    ];
  });
  return [
    ...parts,
    ...(fix.action === 'patch'
      ? [
          {
            name: patchFile,
            content: `# ${title} of ${fix.target} (kubectl patch --type ${type})\n${yamlText(patch)}`,
          },
        ]
      : []),
    {
      name: `${base}.sh`,
      content: stepScript(
        step.number,
        step.of,
        fix,
        step.exposedAfter,
        base,
        type,
        object,
        partTexts.map(t => t.type),
      ),
    },
  ];
}

/** The files of the patches output, by name. */
export function patchFiles(
  result: PatchPlan,
  lookup: (id: string) => KubeObject | undefined,
): OutputFile[] {
  const { steps } = result.plan;
  const files = steps.flatMap((step, i) =>
    stepFiles(
      step.fix,
      { number: i + 1, of: steps.length, exposedAfter: step.exposedAfter },
      lookup,
    ),
  );
  const scripts = files.filter(f => f.name.endsWith('.sh')).map(f => f.name);
  return [
    ...files,
    { name: 'apply.sh', content: APPLY },
    { name: 'README.md', content: readme(result, scripts) },
  ];
}
