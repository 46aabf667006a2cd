/**
 * A whole threat-modelling session on the demo cluster in the real browser
 * (issue 13, "Done when"), at 1440x900: the worst path read, the top fix
 * toggled and its combined effect shown, a path between two nodes found by
 * typing their names, an identity's reachable assets listed, a risk
 * accepted on an edge, a note written, the session exported (Markdown and
 * PNG), saved and reloaded, a technique doc read in the page. A screenshot
 * of each step goes to .vitest-artifacts/viewer/session-*.png.
 */

import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alternativeLead } from '@chokepoint/model';
import type { FixImpact } from '@chokepoint/model';
import type { DemoSession, Page } from './support.ts';
import { ARTIFACTS, HAVE_CHROMIUM, openDemo } from './support.ts';

interface Cy {
  nodes(selector?: string): {
    map<T>(
      fn: (n: { id(): string; position(): { x: number; y: number } }) => T,
    ): T[];
  };
  getElementById(id: string): {
    hasClass(name: string): boolean;
    renderedMidpoint(): { x: number; y: number };
  };
  edges(selector?: string): { map<T>(fn: (e: { id(): string }) => T): T[] };
}

/** Node ids of the drawing, top to bottom. */
function drawnTopDown(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const cy = (globalThis as unknown as { cy: Cy }).cy;
    return cy
      .nodes()
      .map(n => ({ id: n.id(), y: n.position().y, x: n.position().x }))
      .sort((a, b) => a.y - b.y || a.x - b.x)
      .map(n => n.id);
  });
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `session-${name}.png`) });
}

describe.skipIf(!HAVE_CHROMIUM)(
  'a threat-modelling session on the demo cluster',
  () => {
    let demo: DemoSession;
    let page: Page;
    let sessionFile: string;

    beforeAll(async () => {
      demo = await openDemo({ width: 1440, height: 900 }, [
        '--cluster-name',
        'shop-prod',
      ]);
      ({ page, sessionFile } = demo);
      await page.locator('[data-testid=chokepoint]').first().waitFor();
    });

    afterAll(async () => {
      await demo.close();
      expect(demo.blocked).toEqual([]);
      expect(demo.errors).toEqual([]);
    });

    it('opens on the worst path, entry at the top, readable', async () => {
      const worst = page.locator('[data-testid=worst-path]');
      expect(await worst.textContent()).toMatch(/^Worst pathInternet → /);
      const drawn = await drawnTopDown(page);
      expect(drawn[0]).toBe('Internet');
      const steps = await page.locator('[data-testid=step]').count();
      expect(drawn.length).toBe(steps + 1);
      // Labels stay at full size: the drawing is not shrunk below 0.85.
      const zoom = await page.evaluate(() =>
        (globalThis as unknown as { cy: { zoom(): number } }).cy.zoom(),
      );
      expect(zoom).toBeGreaterThanOrEqual(0.85);
      // PermissionSets are named by their roles, not their hash.
      const labels = await page.evaluate(() =>
        (
          globalThis as unknown as {
            cy: {
              nodes(): {
                map<T>(fn: (n: { data(k: string): string }) => T): T[];
              };
            };
          }
        ).cy
          .nodes()
          .map(n => n.data('label')),
      );
      expect(labels.join('\n')).not.toMatch(/[0-9a-f]{16}/);
      await shot(page, '01-worst-path');
    });

    it('toggles the top fix and shows its combined effect', async () => {
      const before = Number(
        await page.locator('[data-testid=exposed-count]').textContent(),
      );
      await page.locator('[data-testid=tab-whatif]').click();
      await page.locator('[data-testid=whatif-toggle]').first().check();
      await page
        .locator('[data-testid=whatif-ms]')
        .waitFor({ timeout: 120_000 });
      // The figures come first (incremental); the paths after the fixes follow.
      await page
        .locator('[data-testid=whatif-paths-busy]')
        .waitFor({ state: 'detached', timeout: 120_000 });
      const after = Number(
        await page.locator('[data-testid=whatif-after]').textContent(),
      );
      expect(after).toBeLessThan(before);
      expect(
        Number(await page.locator('[data-testid=exposed-count]').textContent()),
      ).toBe(after);
      expect(
        await page.locator('[data-testid=whatif-headline]').textContent(),
      ).toContain(
        `${String(before)} → ${String(after)} with 1 fix applied together`,
      );
      expect(
        await page.locator('[data-testid=plan-step]').count(),
      ).toBeGreaterThan(0);
      await page
        .locator('[data-testid=whatif-headline]')
        .scrollIntoViewIfNeeded();
      await shot(page, '02-what-if');
    });

    it('says what each fix breaks, and offers the one that breaks nothing instead', async () => {
      const { result } = (await page.evaluate(async () => {
        const answer = await fetch('api/analysis');
        return answer.json();
      })) as {
        result: {
          chokepoints: {
            fix: { id: string; impact?: { level: string } };
            alternative?: { fix: { id: string; impact?: FixImpact } };
          }[];
        };
      };
      const kubeProxy = page.locator(
        '[data-testid=chokepoint][data-fix^="patch:DaemonSet:kube-system/kube-proxy"]',
      );
      expect(
        await kubeProxy
          .first()
          .locator('[data-testid=fix-impact]')
          .textContent(),
      ).toMatch(/^Impact: breaks kube-proxy: ./);
      const breaking = result.chokepoints.filter(
        c => c.fix.impact?.level === 'breaks',
      );
      expect(breaking.length).toBeGreaterThan(0);
      for (const c of breaking) {
        const row = page.locator(
          `[data-testid=chokepoint][data-fix="${c.fix.id}"]`,
        );
        const alternative = row.locator('[data-testid=fix-alternative]');
        if (c.alternative === undefined) {
          expect(await alternative.count(), c.fix.id).toBe(0);
          continue;
        }
        expect(await alternative.getAttribute('data-fix'), c.fix.id).toBe(
          c.alternative.fix.id,
        );
        expect(await alternative.textContent()).toMatch(
          new RegExp(
            `^${alternativeLead(c.alternative.fix.impact)}: .+ \\(alone: cuts \\d+ entry points?, \\d+ stay exposed\\)`,
            'i',
          ),
        );
      }
      await kubeProxy.first().scrollIntoViewIfNeeded();
      await shot(page, '02b-fix-impact');
    });

    it('finds a path between two nodes typed by name, and alternatives', async () => {
      await page.locator('[data-testid=tab-paths]').click();
      await page
        .locator('[data-testid=path-from]')
        .fill('frontend-7d9f8c6b5d-4xk2p');
      await page
        .locator(
          '[data-testid=suggestion][data-id="Container:web/frontend-7d9f8c6b5d-4xk2p/app"]',
        )
        .click();
      await page.locator('[data-testid=path-to]').fill('deploy-bot');
      await page
        .locator(
          '[data-testid=suggestion][data-id="ServiceAccount:kube-system/deploy-bot"]',
        )
        .click();
      await page.locator('[data-testid=find-paths]').click();
      await page.locator('[data-testid=found-path]').first().waitFor();
      expect(
        await page.locator('[data-testid=found-path]').count(),
      ).toBeGreaterThan(1);
      const drawn = await drawnTopDown(page);
      expect(drawn[0]).toBe('Container:web/frontend-7d9f8c6b5d-4xk2p/app');
      expect(drawn.at(-1)).toBe('ServiceAccount:kube-system/deploy-bot');
      await shot(page, '03-path-between');
    });

    it("lists an identity's reachable critical assets and its permissions as rules", async () => {
      await page.locator('[data-testid=global-search]').fill('payments-api');
      await page
        .locator(
          '[data-testid=suggestion][data-id="ServiceAccount:payments/payments-api"]',
        )
        .click();
      await page.locator('[data-testid=reachable-assets]').waitFor();
      const items = page.locator('[data-testid=reachable-asset]');
      const assets: (string | null)[] = [];
      for (let i = 0; i < (await items.count()); i++)
        assets.push(await items.nth(i).getAttribute('data-id'));
      expect(assets).toContain('Group:system:masters');
      expect(assets).toContain('Secret:kube-system/cloud-provider-credentials');
      expect(
        await page.locator('[data-testid=permissions]').textContent(),
      ).toMatch(/secret-auditor.*get, list · secrets/s);
      await shot(page, '04-identity');
    });

    it('starts a path from a node menu', async () => {
      const menuAt = await page.evaluate(() => {
        const cy = (
          globalThis as unknown as {
            cy: {
              getElementById(id: string): {
                renderedPosition(): { x: number; y: number };
              };
            };
          }
        ).cy;
        return cy
          .getElementById('ServiceAccount:payments/payments-api')
          .renderedPosition();
      });
      const canvas = await page.locator('[data-testid=canvas]').boundingBox();
      await page.mouse.click(
        (canvas?.x ?? 0) + menuAt.x,
        (canvas?.y ?? 0) + menuAt.y,
        {
          button: 'right',
        },
      );
      await page.locator('[data-testid=menu-start]').waitFor();
      await shot(page, '05-node-menu');
      await page.locator('[data-testid=menu-start]').click();
      await page.waitForFunction(
        () =>
          (
            globalThis as unknown as {
              document: {
                querySelector(s: string): { value: string } | null;
              };
            }
          ).document.querySelector('[data-testid=path-from]')?.value ===
          'payments/payments-api',
      );
      expect(
        await page.locator('[data-testid=tab-paths]').getAttribute('class'),
      ).toBe('active');
      // The menu closes: it must not hide the drawing of the next steps.
      expect(await page.locator('[data-testid=node-menu]').isVisible()).toBe(
        false,
      );
    });

    it('accepts the risk of one step, on the canvas', async () => {
      await page.locator('[data-testid=tab-overview]').click();
      await page.locator('[data-testid=worst-path] button').click();
      const edge = await page.evaluate(() => {
        const cy = (globalThis as unknown as { cy: Cy }).cy;
        const id = cy.edges().map(e => e.id())[0] ?? '';
        return { id, at: cy.getElementById(id).renderedMidpoint() };
      });
      const canvas = await page.locator('[data-testid=canvas]').boundingBox();
      await page.mouse.click(
        (canvas?.x ?? 0) + edge.at.x,
        (canvas?.y ?? 0) + edge.at.y,
      );
      await page.locator('[data-testid=edge-details]').waitFor();
      await page
        .locator('[data-testid=edge-details] [data-testid=decision-who]')
        .fill('Ana (security)');
      await page
        .locator('[data-testid=edge-details] [data-testid=decision-why]')
        .fill('the exporter port is firewalled at the edge');
      await page
        .locator('[data-testid=edge-details] [data-testid=decision-until]')
        .fill('2027-03-31');
      await page
        .locator('[data-testid=edge-details] [data-testid=decide]')
        .click();
      await page.locator('[data-testid=step-accepted]').waitFor();
      const accepted = await page.evaluate(
        id =>
          (globalThis as unknown as { cy: Cy }).cy
            .getElementById(id)
            .hasClass('accepted'),
        edge.id,
      );
      expect(accepted).toBe(true);
      expect(await page.locator('[data-testid=unsaved]').count()).toBe(1);
      await shot(page, '06-accepted-edge');
    });

    it('reads a technique doc rendered in the page', async () => {
      await page.locator('[data-testid=doc-link]').first().click();
      await page.locator('[data-testid=doc-body] h2').first().waitFor();
      const html = await page.locator('[data-testid=doc-body]').innerHTML();
      expect(html).toContain('<h2>');
      expect(html).not.toContain('<script');
      await shot(page, '07-technique-doc');
      await page.locator('[data-testid=doc-close]').click();
    });

    it('writes a note, exports the session, saves it and reloads it', async () => {
      await page.locator('[data-testid=tab-session]').click();
      await page
        .locator('[data-testid=note-text]')
        .fill('Ask the CI owners why the runner mounts the containerd socket.');
      await page.locator('[data-testid=note-add]').click();
      expect(await page.locator('[data-testid=note]').count()).toBe(1);
      await shot(page, '08-note');

      const markdown = page.waitForEvent('download');
      await page.locator('[data-testid=export-md]').click();
      const mdPath = await (await markdown).path();
      const md = readFileSync(mdPath, 'utf8');
      copyFileSync(mdPath, join(ARTIFACTS, 'session-export.md'));
      expect(md).toContain('# Threat-modelling session: shop-prod');
      expect(md).toMatch(/\| Exposed entry points \| \d+ \| \d+ \|/);
      expect(md).toContain('| step |');
      expect(md).toContain('Ana (security)');
      expect(md).toContain('Ask the CI owners');
      expect(md).toMatch(/\n1\. \*\*[A-Z_]+\*\*: /);

      const png = page.waitForEvent('download');
      await page.locator('[data-testid=export-png]').click();
      const pngPath = await (await png).path();
      const bytes = readFileSync(pngPath);
      expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
      copyFileSync(pngPath, join(ARTIFACTS, 'session-export.png'));

      await page.locator('[data-testid=session-save]').click();
      await page
        .locator('[data-testid=session-status]:has-text("saved to")')
        .waitFor();
      const saved = JSON.parse(readFileSync(sessionFile, 'utf8')) as {
        decisions: { type: string; who: string; until: string }[];
        notes: { text: string }[];
        whatIf: string[];
      };
      expect(saved.decisions[0]).toMatchObject({
        type: 'accept-edge',
        who: 'Ana (security)',
        until: '2027-03-31',
      });
      expect(saved.notes).toHaveLength(1);
      expect(saved.whatIf).toHaveLength(1);

      await page.reload();
      await page.locator('[data-testid=tab-session]').click();
      await page.locator('[data-testid=note]').waitFor();
      expect(await page.locator('[data-testid=decision]').count()).toBe(1);
      expect(await page.locator('[data-testid=whatif-on]').count()).toBe(1);
      await shot(page, '09-reloaded');
    });

    it('keeps unsaved changes across a reload', async () => {
      await page.locator('[data-testid=note-text]').fill('Not saved yet.');
      await page.locator('[data-testid=note-add]').click();
      await page.reload();
      await page.locator('[data-testid=tab-session]').click();
      await page
        .locator(
          '[data-testid=session-status]:has-text("restored unsaved changes")',
        )
        .waitFor();
      expect(await page.locator('[data-testid=note]').count()).toBe(2);
      const onDisk = JSON.parse(readFileSync(sessionFile, 'utf8')) as {
        notes: unknown[];
      };
      expect(onDisk.notes).toHaveLength(1);
      await shot(page, '10-restored-draft');
    });
  },
);
