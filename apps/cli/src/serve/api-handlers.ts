/**
 * The answer to each route of the contract: the analysis and what-if
 * (AnalysisService), the explore queries on the start-up graph (engine
 * queries), technique docs and the session file.
 */

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  PREBUILT_QUERIES,
  blastRadiusSubgraph,
  diversePaths,
  neighbourhood,
  nodeLabel,
  nodeProfile,
  rawObjectOf,
  searchNodes,
  shortestPath,
} from '@chokepoint/engine';
import type { AttackPath, QueryAnswer } from '@chokepoint/engine';
import { docsPath } from '../assets.ts';
import type { ApiHandlers } from './api-router.ts';
import type { AnalysisService } from './analysis-service.ts';
import type { ExploreContext } from './explore-context.ts';
import { resultIds } from './explore-context.ts';
import { HttpError } from './http.ts';
import { readSessionFile, writeSessionFile } from './session-file.ts';
import { slimResult } from './slim-result.ts';
import { exposedByClass } from './what-if-result.ts';

const DOCS_DIR =
  docsPath('attacks') ??
  resolve(dirname(fileURLToPath(import.meta.url)), '../../../../docs/attacks');

function pathIds(paths: readonly AttackPath[]): string[] {
  return paths.flatMap(p => [p.from, ...p.steps.map(s => s.to)]);
}

function signature(path: AttackPath): string {
  return path.steps.map(s => `${s.from}|${s.kind}|${s.to}`).join('>');
}

export interface HandlerOptions {
  readonly inputs: readonly string[];
  readonly sessionFile: string;
}

export function apiHandlers(
  ctx: ExploreContext,
  service: AnalysisService,
  options: HandlerOptions,
): ApiHandlers {
  const { graph, minConfidence } = ctx;
  const needNode = (id: string): string => {
    if (!graph.hasNode(id))
      throw new HttpError(404, `no node "${id}" in the graph`);
    return id;
  };
  const answers = new Map<string, QueryAnswer>();
  const subgraph = <T extends { nodes: readonly { id: string }[] }>(
    answer: T,
  ) => ({ ...answer, briefs: ctx.briefs(answer.nodes.map(n => n.id)) });

  return {
    analysis: () => {
      const { result, labels, ms } = service.base;
      return {
        cluster: result.cluster,
        inputs: options.inputs,
        sessionFile: options.sessionFile,
        phase: service.phase,
        ...(service.failure === undefined ? {} : { error: service.failure }),
        result: slimResult(result),
        briefs: ctx.briefs(resultIds(result), labels),
        ms: Math.round(ms),
      };
    },
    whatIf: async ({ fixes }, signal) => {
      const { result, labels, ms } = await service.whatIf(fixes, signal);
      return {
        fixes,
        result: slimResult(result),
        briefs: ctx.briefs(resultIds(result), labels),
        ms: Math.round(ms),
      };
    },
    whatIfExposure: async ({ fixes }) => {
      const { entryPoints, exposed, ms } = await service.exposure(fixes);
      const changed = [...entryPoints.added, ...entryPoints.removed];
      return {
        fixes,
        entryPoints,
        exposed,
        exposedByClass: exposedByClass(exposed),
        briefs: ctx.briefs(changed),
        ms: Math.round(ms),
      };
    },
    search: ({ q, namespace, kind, limit }) => {
      const found = searchNodes(graph, {
        q,
        limit,
        tags: ctx.tags,
        ...(namespace === undefined || namespace === '' ? {} : { namespace }),
        ...(kind === undefined || kind === '' ? {} : { kind }),
      });
      return {
        total: found.total,
        nodes: found.nodes.map(n => ({
          ...n,
          label: nodeLabel(graph, ctx.analysis.build.holders, n.id),
        })),
      };
    },
    facets: () => ctx.facets,
    node: ({ id }) => {
      needNode(id);
      return {
        node: { id, ...graph.getNodeAttributes(id) },
        object: rawObjectOf(ctx.objects, id),
        inDegree: graph.inDegree(id),
        outDegree: graph.outDegree(id),
      };
    },
    neighbourhood: ({ id }) => subgraph(neighbourhood(graph, needNode(id))),
    blastRadius: ({ id }) =>
      subgraph(blastRadiusSubgraph(graph, needNode(id), minConfidence)),
    path: ({ from, to }) => {
      if (!graph.hasNode(from) || !graph.hasNode(to))
        throw new HttpError(404, 'unknown --from or --to node');
      return shortestPath(graph, from, to, { minConfidence });
    },
    paths: ({ from, to, mode, alternatives }) => {
      needNode(from);
      needNode(to);
      const likely = diversePaths(graph, from, to, alternatives, {
        minConfidence,
      });
      const first =
        mode === 'shortest'
          ? shortestPath(graph, from, to, { minConfidence })
          : null;
      const seen = new Set<string>();
      const paths = [...(first === null ? [] : [first]), ...likely]
        .filter(p => {
          const key = signature(p);
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        })
        .slice(0, alternatives);
      return { paths, briefs: ctx.briefs(pathIds(paths)) };
    },
    profile: ({ id }) => {
      const profile = nodeProfile(ctx.profileContext, needNode(id));
      const ids = [
        id,
        ...profile.reaches.criticalAssets.map(a => a.id),
        ...profile.reachedBy.entryPoints.map(e => e.id),
        ...(profile.permissions === undefined
          ? []
          : [profile.permissions.holder]),
      ];
      return { ...profile, briefs: ctx.briefs(ids) };
    },
    queries: () => ({
      queries: PREBUILT_QUERIES.map(({ id, title, question }) => ({
        id,
        title,
        question,
      })),
    }),
    query: ({ id }) => {
      const query = PREBUILT_QUERIES.find(q => q.id === id);
      if (query === undefined) throw new HttpError(404, `no query "${id}"`);
      let answer = answers.get(id);
      if (answer === undefined) {
        answer = query.run(ctx.queryContext);
        answers.set(id, answer);
      }
      const ids =
        answer.kind === 'paths'
          ? pathIds(answer.paths)
          : answer.rows.map(r => r.id);
      return {
        id,
        title: query.title,
        question: query.question,
        answer,
        briefs: ctx.briefs(ids),
      };
    },
    findings: ({ severity, check, q, onPath, offset, limit }) => {
      const text = q.trim().toLowerCase();
      const bySeverity: Record<string, number> = {};
      const byCheck: Record<string, number> = {};
      for (const f of ctx.findings) {
        bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
        byCheck[f.check] = (byCheck[f.check] ?? 0) + 1;
      }
      const matching = ctx.findings.filter(
        f =>
          (severity === undefined || f.severity === severity) &&
          (check === undefined || f.check === check) &&
          (onPath === undefined || f.onAttackPath === (onPath === 'true')) &&
          (text === '' ||
            `${f.title} ${f.message} ${f.objects.join(' ')}`
              .toLowerCase()
              .includes(text)),
      );
      const page = matching.slice(offset, offset + limit);
      return {
        total: matching.length,
        bySeverity,
        byCheck,
        findings: page,
        briefs: ctx.briefs(page.flatMap(f => f.objects.slice(0, 1))),
      };
    },
    technique: async ({ kind }) => {
      const file = join(DOCS_DIR, `${kind}.md`);
      if (!existsSync(file))
        throw new HttpError(404, `docs/attacks/${kind}.md is not written yet`);
      return { kind, markdown: await readFile(file, 'utf8') };
    },
    loadSession: () => readSessionFile(options.sessionFile),
    saveSession: async session => {
      await writeSessionFile(options.sessionFile, session);
      return { saved: options.sessionFile };
    },
  };
}
