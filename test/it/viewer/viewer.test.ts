/**
 * The viewer end to end on the demo cluster, in Debian's headless chromium:
 * the overview, opening an attack path, a what-if toggle that lowers the
 * exposure (recomputed by the engine on the server), search and raw object,
 * and the session file. Screenshots go to .vitest-artifacts/viewer/.
 */

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoSession, Page } from './support.ts';
import { ARTIFACTS, HAVE_CHROMIUM, openDemo } from './support.ts';

interface CyLike {
  nodes(selector?: string): {
    length: number;
    map<T>(fn: (n: { id(): string }) => T): T[];
  };
  elements(): { length: number };
}

describe.skipIf(!HAVE_CHROMIUM)('viewer on the demo cluster', () => {
  let demo: DemoSession;
  let page: Page;
  let sessionFile: string;

  beforeAll(async () => {
    demo = await openDemo({ width: 1600, height: 900 });
    ({ page, sessionFile } = demo);
  });

  afterAll(async () => {
    await demo.close();
    expect(demo.blocked).toEqual([]);
    expect(demo.errors).toEqual([]);
  });

  it('shows the exposure by entry class and the top choke points', async () => {
    await page
      .locator('[data-testid=chokepoint]')
      .first()
      .waitFor({ timeout: 30_000 });
    const exposed = Number(
      await page.locator('[data-testid=exposed-count]').textContent(),
    );
    expect(exposed).toBeGreaterThan(0);
    let byClass = 0;
    for (const id of [
      'internet',
      'unauthenticated',
      'authenticated',
      'container',
      'other',
    ]) {
      const text =
        (await page
          .locator(`[data-testid=class-${id}] td.num`)
          .textContent()) ?? '';
      byClass += Number(text);
    }
    expect(byClass).toBe(exposed);
    expect(await page.locator('[data-testid=asset]').count()).toBeGreaterThan(
      0,
    );
    await page.screenshot({ path: join(ARTIFACTS, 'overview.png') });
  });

  it('opens an attack path top to bottom with evidence and technique docs', async () => {
    await page.locator('[data-testid=tab-paths]').click();
    const first = page.locator('[data-testid=path]').first();
    const from = await first.getAttribute('data-from');
    await first.click();
    await page.locator('[data-testid=path-details]').waitFor();
    const steps = await page.locator('[data-testid=step]').count();
    expect(steps).toBeGreaterThan(0);
    expect(
      await page.locator('[data-testid=doc-link]').count(),
    ).toBeGreaterThan(0);
    const drawn = await page.evaluate(() => {
      const graph = (globalThis as unknown as { cy: CyLike }).cy;
      return graph.nodes('.on-path').map(n => n.id());
    });
    expect(drawn).toContain(from);
    expect(drawn.length).toBe(steps + 1);
    // The entry is the topmost node (issue 13: steps top to bottom).
    const topmost = await page.evaluate(() => {
      const graph = (
        globalThis as unknown as {
          cy: {
            nodes(): {
              toArray(): { id(): string; position(): { y: number } }[];
            };
          };
        }
      ).cy;
      const nodes = graph.nodes().toArray();
      nodes.sort((a, b) => a.position().y - b.position().y);
      return nodes[0]?.id();
    });
    expect(topmost).toBe(from);
    await page.screenshot({ path: join(ARTIFACTS, 'path.png') });
  });

  it('toggles the top fix and sees the exposure drop', async () => {
    await page.locator('[data-testid=tab-overview]').click();
    const before = Number(
      await page.locator('[data-testid=exposed-count]').textContent(),
    );
    const toggle = page.locator('[data-testid=whatif-toggle]').first();
    await toggle.check();
    await page.locator('[data-testid=whatif-on]').waitFor();
    await page.waitForFunction(
      () => {
        const doc = (
          globalThis as unknown as {
            document: {
              querySelector(s: string): unknown;
              body: { textContent: string };
            };
          }
        ).document;
        return (
          doc.querySelector('[data-testid=whatif-busy]') === null &&
          !doc.body.textContent.includes('recomputing')
        );
      },
      undefined,
      { timeout: 60_000 },
    );
    const after = Number(
      await page.locator('[data-testid=exposed-count]').textContent(),
    );
    expect(after).toBeLessThan(before);
    await page.locator('[data-testid=tab-whatif]').click();
    expect(
      Number(await page.locator('[data-testid=whatif-after]').textContent()),
    ).toBe(after);
    await page.screenshot({ path: join(ARTIFACTS, 'what-if.png') });
  });

  it('searches an object and shows its neighbourhood, raw object and blast radius', async () => {
    await page.locator('[data-testid=tab-explore]').click();
    await page.locator('[data-testid=search]').fill('frontend');
    await page.locator('[data-testid=filter-kind]').selectOption('Container');
    // Wait until the list holds only the filtered answer.
    await page.waitForFunction(() => {
      const doc = (
        globalThis as unknown as {
          document: {
            querySelectorAll(s: string): { getAttribute(n: string): string }[];
          };
        }
      ).document;
      const ids = [...doc.querySelectorAll('[data-testid=search-result]')].map(
        e => e.getAttribute('data-id'),
      );
      return (
        ids.length > 0 &&
        ids.every(i => i.startsWith('Container:') && i.includes('frontend'))
      );
    });
    const id =
      (await page
        .locator('[data-testid=search-result]')
        .first()
        .getAttribute('data-id')) ?? '';
    expect(id).toMatch(/^Container:.*frontend/);
    await page.locator(`[data-testid=search-result][data-id="${id}"]`).click();
    await page.locator('[data-testid=node-details]').waitFor();
    const raw =
      (await page.locator('[data-testid=raw-object]').textContent()) ?? '';
    expect(raw).toContain('"kind"');
    const center = await page.evaluate(() =>
      (globalThis as unknown as { cy: CyLike }).cy
        .nodes('.center')
        .map(n => n.id()),
    );
    expect(center).toEqual([id]);
    await page.locator('[data-testid=show-blast]').click();
    await page.locator('[data-testid=blast-summary]').waitFor();
    const drawn = await page.evaluate(
      () => (globalThis as unknown as { cy: CyLike }).cy.elements().length,
    );
    expect(drawn).toBeGreaterThan(1);
    expect(drawn).toBeLessThanOrEqual(3000);
    await page.screenshot({ path: join(ARTIFACTS, 'explore.png') });
  });

  it('records a decision and saves the session next to the snapshot', async () => {
    await page.locator('[data-testid=tab-overview]').click();
    await page
      .locator('[data-testid=chokepoint] button:has-text("Plan fix")')
      .first()
      .click();
    await page.locator('[data-testid=decision-who]').fill('platform team');
    await page
      .locator('[data-testid=decision-why]')
      .fill('platform team, this sprint');
    await page.locator('[data-testid=decide]').click();
    await page.locator('[data-testid=tab-session]').click();
    expect(await page.locator('[data-testid=decision]').count()).toBe(1);
    await page.locator('[data-testid=session-save]').click();
    await page
      .locator('[data-testid=session-status]:has-text("saved to")')
      .waitFor();
    expect(existsSync(sessionFile)).toBe(true);
    const saved = JSON.parse(readFileSync(sessionFile, 'utf8')) as {
      decisions: { why: string }[];
      whatIf: string[];
    };
    expect(saved.decisions[0]?.why).toBe('platform team, this sprint');
    expect(saved.whatIf.length).toBe(1);
    const download = page.waitForEvent('download');
    await page.locator('[data-testid=export-md]').click();
    expect((await download).suggestedFilename()).toMatch(/decisions\.md$/);
  });
});
