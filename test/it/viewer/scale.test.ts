/**
 * Scale: a generated cluster of 20k pods must open and show its overview
 * within 3 s (issue 7), and cytoscape must never hold more than a few
 * thousand elements. The figures go to .vitest-artifacts/viewer/scale.json
 * (docs/benchmarks.md, "Viewer").
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Served } from './support.ts';
import {
  ARTIFACTS,
  HAVE_CHROMIUM,
  REPO_ROOT,
  buildTestViewer,
  launchChromium,
  onlyLoopback,
  serve,
} from './support.ts';

const PODS = Number(process.env.CHOKEPOINT_VIEWER_PODS ?? 20_000);
const BUDGET_MS = 3000;
const MAX_ELEMENTS = 3000;

interface CyCount {
  elements(): { length: number };
  nodes(selector: string): { length: number };
}

describe.skipIf(!HAVE_CHROMIUM)(
  `viewer on a generated ${String(PODS)}-pod cluster`,
  () => {
    let served: Served;
    let browser: Browser;
    let page: Page;
    const blocked: string[] = [];
    const figures: Record<string, number | string> = { pods: PODS };

    beforeAll(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'chokepoint-scale-'));
      const snapshot = join(dir, `pods-${String(PODS)}.snapshot.json`);
      const generated = spawnSync(
        process.execPath,
        [
          join(REPO_ROOT, 'apps/cli/bin/chokepoint.js'),
          'generate',
          '--pods',
          String(PODS),
          '-o',
          snapshot,
        ],
        { encoding: 'utf8' },
      );
      expect(generated.status, generated.stderr).toBe(0);
      const dist = buildTestViewer();
      const started = Date.now();
      served = await serve([snapshot], dist, join(dir, 'session.json'));
      figures.serverReadyMs = Date.now() - started;
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
      await onlyLoopback(page, blocked);
    });

    afterAll(async () => {
      await browser.close();
      await served.stop();
      writeFileSync(
        join(ARTIFACTS, 'scale.json'),
        `${JSON.stringify(figures, null, 1)}\n`,
      );
      expect(blocked).toEqual([]);
    });

    it('opens and shows the overview within 3 s', async () => {
      const started = Date.now();
      await page.goto(served.url);
      await page
        .locator('[data-testid=overview-exposed]')
        .waitFor({ timeout: 30_000 });
      const ms = Date.now() - started;
      figures.overviewMs = ms;
      const exposed = Number(
        await page.locator('[data-testid=overview-exposed]').textContent(),
      );
      figures.exposed = exposed;
      expect(exposed).toBeGreaterThan(0);
      await page.screenshot({ path: join(ARTIFACTS, 'scale-overview.png') });
      expect(ms).toBeLessThan(BUDGET_MS);
    });

    it('keeps the canvas within the element budget for paths, neighbourhoods and blast radius', async () => {
      const count = (): Promise<number> =>
        page.evaluate(
          () => (globalThis as unknown as { cy: CyCount }).cy.elements().length,
        );
      expect(await count()).toBeLessThanOrEqual(MAX_ELEMENTS);

      await page.locator('[data-testid=tab-explore]').click();
      await page.locator('[data-testid=search]').fill('Internet');
      await page
        .locator('[data-testid=search-result][data-id=Internet]')
        .waitFor();
      await page
        .locator('[data-testid=search-result][data-id=Internet]')
        .click();
      await page.locator('[data-testid=node-details]').waitFor();
      const neighbourhood = await count();
      figures.neighbourhoodElements = neighbourhood;
      expect(neighbourhood).toBeGreaterThan(1);
      expect(neighbourhood).toBeLessThanOrEqual(MAX_ELEMENTS);

      const started = Date.now();
      await page.locator('[data-testid=show-blast]').click();
      await page
        .locator('[data-testid=blast-summary]')
        .waitFor({ timeout: 30_000 });
      figures.blastRadiusMs = Date.now() - started;
      const blast = await count();
      figures.blastRadiusElements = blast;
      expect(blast).toBeLessThanOrEqual(MAX_ELEMENTS);
      const folded = await page.evaluate(
        () =>
          (globalThis as unknown as { cy: CyCount }).cy.nodes('.aggregate')
            .length,
      );
      expect(folded).toBeGreaterThan(0);
      figures.blastSummary =
        (await page.locator('[data-testid=blast-summary]').textContent()) ?? '';
      await page.screenshot({
        path: join(ARTIFACTS, 'scale-blast-radius.png'),
      });
    });
  },
);
