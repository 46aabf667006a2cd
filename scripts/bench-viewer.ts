/**
 * Benchmark of the viewer on a generated cluster (issue 13 "Done when": at
 * 20k pods, overview and choke points within 3 s of page load, a what-if
 * within 300 ms). A real `chokepoint serve` (the repository's bin) and
 * Debian's chromium, as in the viewer's end-to-end tests; every figure is a
 * wall time seen from outside (the script's clock around the browser), the
 * what-if's also in the page as a user's click is timed (from the click
 * event to the first frame with its figures), and its engine time as the
 * server reports it. The figures go to
 * .vitest-artifacts/viewer/bench-viewer.json, and with --write to the
 * "Viewer" section of docs/benchmarks.md with the machine, date and load.
 *
 *   node apps/cli/node_modules/tsx/dist/cli.mjs scripts/bench-viewer.ts [--pods 20000] [--measure-minutes 30] [--write]
 */

import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Page } from '../test/it/viewer/support.ts';
import {
  ARTIFACTS,
  HAVE_CHROMIUM,
  REPO_ROOT,
  buildTestViewer,
  generateCluster,
  launchChromium,
  onlyLoopback,
  serve,
} from '../test/it/viewer/support.ts';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at === -1 ? fallback : Number(process.argv[at + 1]);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} needs a positive number`);
  return value;
}

const PODS = option('--pods', 20_000);
const MEASURE_MS = option('--measure-minutes', 30) * 60_000;
const WHAT_IF_MS = 10 * 60_000;
const load = (): string =>
  loadavg()
    .map(n => n.toFixed(1))
    .join(', ');

if (!HAVE_CHROMIUM) {
  console.error('bench-viewer: no chromium (scripts/install-chromium.sh)');
  process.exit(2);
}

interface WhatIfSample {
  readonly fixes: number;
  /** The fix this toggle adds to the ones already on. */
  readonly added: string;
  /**
   * In the page: from the click event's time stamp (when the browser took
   * the click) to the first animation frame with the combined figures on
   * the page, as a user's click is timed (Event Timing's way).
   */
  readonly pageMs: number;
  /**
   * From outside: the script's clock around Playwright's click (its
   * actionability checks and round trips to the browser included) until it
   * sees the figures.
   */
  readonly wallMs: number;
  /** The engine's own time, as the server reports it. */
  readonly engineMs: number;
  readonly after: number;
  /** Click until the paths after the fixes are shown, when they come later. */
  readonly pathsMs?: number;
}

interface Figures {
  pods: number;
  snapshotMiB: number;
  loadAtStart: string;
  loadAtEnd?: string;
  serverReadyMs?: number;
  firstLoadOverviewMs?: number;
  firstLoadShowsChokepoints: boolean;
  measuredAfterServeMs?: number;
  measuredWithin: boolean;
  loadOverviewMs?: number;
  loadChokepointsMs?: number;
  exposed?: number;
  chokepoints?: number;
  whatIf: WhatIfSample[];
  blastRadiusMs?: number;
  blastRadiusElements?: number;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return Math.round(performance.now() - started);
}

/** The page's document, as much of it as the waits below read (no DOM lib here). */
interface Doc {
  querySelector(selector: string): object | null;
  querySelectorAll(selector: string): { length: number };
}

/** What the page records for a click: the click event's time stamp. */
interface ClickClock {
  __clickAt?: number;
  document: {
    addEventListener(
      type: 'click',
      listener: (event: { timeStamp: number }) => void,
      options: { capture: boolean; once: boolean },
    ): void;
  };
  performance: { now(): number };
}

/** Turns on the first fix not yet on and waits for the combined figures. */
async function toggle(page: Page): Promise<WhatIfSample> {
  const on = '[data-testid=whatif-toggle]:checked';
  const fixes = (await page.locator(on).count()) + 1;
  const next = page
    .locator('[data-testid=whatif-toggle]:not(:checked)')
    .first();
  const added = (await next.getAttribute('data-fix')) ?? '?';
  await page.evaluate(() => {
    const clock = globalThis as unknown as ClickClock;
    delete clock.__clickAt;
    clock.document.addEventListener(
      'click',
      event => {
        clock.__clickAt = event.timeStamp;
      },
      { capture: true, once: true },
    );
  });
  let pageMs = NaN;
  const wallMs = await timed(async () => {
    await next.click();
    // The panel re-renders on every answer: wait for this answer's figures,
    // checked in every animation frame; the first frame that has them
    // gives the time in the page.
    const shown = await page.waitForFunction(
      ({ expected, selector }) => {
        const clock = globalThis as unknown as ClickClock;
        const doc = (globalThis as unknown as { document: Doc }).document;
        const there =
          doc.querySelector('[data-testid=whatif-busy]') === null &&
          doc.querySelector('[data-testid=whatif-ms]') !== null &&
          doc.querySelectorAll(selector).length === expected;
        return there && clock.__clickAt !== undefined
          ? clock.performance.now() - clock.__clickAt
          : false;
      },
      { expected: fixes, selector: on },
      { timeout: WHAT_IF_MS, polling: 'raf' },
    );
    pageMs = Math.round(Number(await shown.jsonValue()));
  });
  const text =
    (await page.locator('[data-testid=whatif-ms]').textContent()) ?? '';
  const engineMs = Number(/engine (\d+) ms/.exec(text)?.[1] ?? NaN);
  const after = Number(
    await page.locator('[data-testid=whatif-after]').textContent(),
  );
  // The paths after the fixes follow the figures (a rerun of the engine).
  await page
    .locator('[data-testid=whatif-paths-busy]')
    .waitFor({ state: 'detached', timeout: WHAT_IF_MS });
  const paths = /paths in (\d+) ms/.exec(
    (await page.locator('[data-testid=whatif-ms]').textContent()) ?? '',
  )?.[1];
  return {
    fixes,
    added,
    pageMs,
    wallMs,
    engineMs,
    after,
    ...(paths === undefined ? {} : { pathsMs: Number(paths) }),
  };
}

const { dir, snapshot } = generateCluster(PODS);
const figures: Figures = {
  pods: PODS,
  snapshotMiB: Math.round(statSync(snapshot).size / 2 ** 20),
  loadAtStart: load(),
  firstLoadShowsChokepoints: false,
  measuredWithin: false,
  whatIf: [],
};
const dist = buildTestViewer();
const servedAt = performance.now();
const served = await serve([snapshot], dist, join(dir, 'session.json'));
figures.serverReadyMs = Math.round(performance.now() - servedAt);
const browser = await launchChromium();
const blocked: string[] = [];
const report = (): void => {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(
    join(ARTIFACTS, 'bench-viewer.json'),
    `${JSON.stringify(figures, null, 1)}\n`,
  );
  console.log(JSON.stringify(figures));
};
try {
  const open = async (): Promise<Page> => {
    const page = await browser.newPage({
      viewport: { width: 1440, height: 900 },
    });
    await onlyLoopback(page, blocked);
    return page;
  };

  // 1. As soon as the URL is printed: the overview, choke points still measuring.
  const first = await open();
  figures.firstLoadOverviewMs = await timed(async () => {
    await first.goto(served.url);
    await first
      .locator('[data-testid=overview-exposed]')
      .waitFor({ timeout: 120_000 });
  });
  figures.firstLoadShowsChokepoints =
    (await first.locator('[data-testid=chokepoint]').count()) > 0;
  await first.close();

  // 2. The choke points measured in the server's worker.
  let timer: NodeJS.Timeout | undefined;
  figures.measuredWithin = await Promise.race([
    served.measured.then(() => true),
    new Promise<boolean>(done => {
      timer = setTimeout(() => {
        done(false);
      }, MEASURE_MS);
    }),
  ]);
  clearTimeout(timer);
  figures.measuredAfterServeMs = Math.round(performance.now() - servedAt);
  if (figures.measuredWithin) {
    // 3. A page loaded then: overview and choke points.
    const page = await open();
    const started = performance.now();
    await page.goto(served.url);
    await page.locator('[data-testid=overview-exposed]').waitFor();
    figures.loadOverviewMs = Math.round(performance.now() - started);
    await page
      .locator('[data-testid=chokepoint]')
      .first()
      .waitFor({ timeout: 120_000 });
    figures.loadChokepointsMs = Math.round(performance.now() - started);
    figures.exposed = Number(
      await page.locator('[data-testid=overview-exposed]').textContent(),
    );
    figures.chokepoints = await page
      .locator('[data-testid=chokepoint]')
      .count();

    // 4. What-if: the top fix, then the second with it, then the third.
    await page.locator('[data-testid=tab-whatif]').click();
    const toggles = await page.locator('[data-testid=whatif-toggle]').count();
    for (let i = 0; i < Math.min(3, toggles); i += 1) {
      figures.whatIf.push(await toggle(page));
      report();
    }

    // 5. Blast radius of the Internet, click to drawn.
    await page.locator('[data-testid=tab-explore]').click();
    await page.locator('[data-testid=search]').fill('Internet');
    const hit = page.locator('[data-testid=search-result][data-id=Internet]');
    await hit.click();
    await page.locator('[data-testid=node-details]').waitFor();
    figures.blastRadiusMs = await timed(async () => {
      await page.locator('[data-testid=show-blast]').click();
      await page
        .locator('[data-testid=blast-summary]')
        .waitFor({ timeout: 120_000 });
    });
    figures.blastRadiusElements = await page.evaluate(
      () =>
        (
          globalThis as unknown as {
            cy: { elements(): { length: number } };
          }
        ).cy.elements().length,
    );
    await page.screenshot({ path: join(ARTIFACTS, 'bench-viewer.png') });
  }
} finally {
  figures.loadAtEnd = load();
  report();
  await browser.close();
  await served.stop();
}
if (blocked.length > 0) throw new Error(`left 127.0.0.1: ${blocked.join()}`);

const s = (ms: number | undefined): string =>
  ms === undefined ? '–' : `${(ms / 1000).toFixed(2)} s`;
const machine = `${String(cpus().length)} cores (${cpus()[0]?.model ?? 'unknown'}), ${String(Math.round(totalmem() / 2 ** 30))} GiB, Node ${process.version}, Debian chromium headless`;
const table = [
  `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine}, by \`scripts/bench-viewer.ts --pods ${String(PODS)}\`; load average ${figures.loadAtStart} at the start, ${figures.loadAtEnd ?? '?'} at the end (1, 5, 15 min). Input: \`chokepoint generate --pods ${String(PODS)}\` (${String(figures.snapshotMiB)} MiB).`,
  '',
  '| Step | Figure | Target |',
  '|---|---|---|',
  `| \`serve\` start to URL printed (read, one graph build, analysis without choke points) | ${s(figures.serverReadyMs)} | |`,
  `| Page load to overview, right after the URL is printed | ${s(figures.firstLoadOverviewMs)} (choke points ${figures.firstLoadShowsChokepoints ? 'shown' : 'still measuring'}) | 3 s |`,
  `| \`serve\` start to choke points measured (server worker) | ${figures.measuredWithin ? s(figures.measuredAfterServeMs) : `not within ${s(MEASURE_MS)}`} | |`,
  `| Page load to overview, once measured | ${s(figures.loadOverviewMs)} | 3 s |`,
  `| Page load to choke points shown, once measured | ${s(figures.loadChokepointsMs)} | 3 s |`,
  ...figures.whatIf.map(
    w =>
      `| What-if with ${String(w.fixes)} fix${w.fixes === 1 ? '' : 'es'} on (adds \`${w.added}\`): click to combined figures shown in the page (through Playwright from outside; the engine's own time) | ${String(w.pageMs)} ms (${String(w.wallMs)} ms; ${String(w.engineMs)} ms); ${String(w.after)} exposed after${w.pathsMs === undefined ? '' : `; paths after the fixes shown at ${String(w.pathsMs)} ms`} | 300 ms |`,
  ),
  `| Blast radius of \`Internet\`: click to drawn | ${s(figures.blastRadiusMs)}, ${String(figures.blastRadiusElements ?? '–')} cytoscape elements | |`,
  '',
].join('\n');
console.log(table);

if (process.argv.includes('--write')) {
  const path = join(REPO_ROOT, 'docs/benchmarks.md');
  const text = readFileSync(path, 'utf8');
  const marker = '<!-- bench-viewer -->';
  const start = text.indexOf(marker);
  const end = text.indexOf(marker, start + marker.length);
  if (start === -1 || end === -1)
    throw new Error(`docs/benchmarks.md has no ${marker} pair`);
  writeFileSync(
    path,
    `${text.slice(0, start + marker.length)}\n${table}\n${text.slice(end)}`,
  );
}
