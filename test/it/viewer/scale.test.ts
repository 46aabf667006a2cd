/**
 * Scale: a generated cluster of 20k pods opens on its overview, and
 * cytoscape never holds more than a few thousand elements (paths,
 * neighbourhoods and the blast radius fold what would not fit). Only what a
 * user sees is asserted here; the times are measured by
 * scripts/bench-viewer.ts (docs/benchmarks.md, "Viewer"), not by a test.
 */

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Served } from './support.ts';
import {
  ARTIFACTS,
  HAVE_CHROMIUM,
  buildTestViewer,
  generateCluster,
  launchChromium,
  onlyLoopback,
  serve,
} from './support.ts';

const PODS = Number(process.env.CHOKEPOINT_VIEWER_PODS ?? 20_000);
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

    beforeAll(async () => {
      const { dir, snapshot } = generateCluster(PODS);
      const dist = buildTestViewer();
      served = await serve([snapshot], dist, join(dir, 'session.json'));
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
      await onlyLoopback(page, blocked);
    });

    afterAll(async () => {
      await browser.close();
      await served.stop();
      expect(blocked).toEqual([]);
    });

    it('opens on the overview with the exposed entry points', async () => {
      await page.goto(served.url);
      await page
        .locator('[data-testid=overview-exposed]')
        .waitFor({ timeout: 120_000 });
      const exposed = Number(
        await page.locator('[data-testid=overview-exposed]').textContent(),
      );
      expect(exposed).toBeGreaterThan(0);
      await page.screenshot({ path: join(ARTIFACTS, 'scale-overview.png') });
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
      expect(neighbourhood).toBeGreaterThan(1);
      expect(neighbourhood).toBeLessThanOrEqual(MAX_ELEMENTS);

      await page.locator('[data-testid=show-blast]').click();
      await page
        .locator('[data-testid=blast-summary]')
        .waitFor({ timeout: 120_000 });
      const blast = await count();
      expect(blast).toBeLessThanOrEqual(MAX_ELEMENTS);
      const folded = await page.evaluate(
        () =>
          (globalThis as unknown as { cy: CyCount }).cy.nodes('.aggregate')
            .length,
      );
      expect(folded).toBeGreaterThan(0);
      await page.screenshot({
        path: join(ARTIFACTS, 'scale-blast-radius.png'),
      });
    });
  },
);
