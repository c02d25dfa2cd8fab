// Opens the HTML report in headless Chromium: it must render without errors, load nothing from
// anywhere, lay the findings out as cards with code, and its filters must hide cards. Runs in CI
// always (.ci/run installs Chromium); on a developer machine without Chromium it is skipped.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { cleanResult, sampleInfo, sampleResult } from './sample.js';
import { sampleSources } from './sample-sources.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const available = existsSync(CHROMIUM);
// In CI the browser must be there: a missing one is a failure, not a skip.
const skip = !available && !process.env.CI;

describe.skipIf(skip)('html report in a browser', () => {
  let dir: string;
  let context: BrowserContext;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'secreview-html-'));
    // A fresh profile per run (launchPersistentContext passes it as --user-data-dir).
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1200, height: 900 },
    });
  });

  afterAll(async () => {
    await context?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Opens a report from a file, recording console errors, page errors and every request. */
  async function open(name: string, html: string): Promise<{ page: Page; errors: string[]; requests: string[]; url: string }> {
    const file = join(dir, name);
    writeFileSync(file, html);
    const url = pathToFileURL(file).href;
    const page = await context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(url, { waitUntil: 'load' });
    return { page, errors, requests, url };
  }

  it('renders the sample without errors or network requests, and looks like a report', async () => {
    const { page, errors, requests, url } = await open('sample.html', renderHtml(sampleResult, { ...sampleInfo(), sources: sampleSources }));
    const shot = join(dir, 'sample.png');
    await page.screenshot({ path: shot, fullPage: true });
    const png = readFileSync(shot);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(50_000);

    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);

    const cards = page.locator('article.finding');
    expect(await cards.count()).toBe(6);
    for (const box of await Promise.all((await cards.all()).map((c) => c.boundingBox()))) {
      expect(box?.width ?? 0).toBeGreaterThan(900);
      expect(box?.height ?? 0).toBeGreaterThan(150);
    }
    const code = page.locator('article.finding').first().locator('.code table');
    expect(await code.isVisible()).toBe(true);
    expect(await code.locator('tr').count()).toBe(5);
    expect(await code.locator('tr.flagged td.ln').innerText()).toBe('12');
    // Tiles sit side by side above the findings.
    const tiles = await Promise.all((await page.locator('.tile').all()).map((t) => t.boundingBox()));
    expect(new Set(tiles.map((t) => Math.round(t?.y ?? -1))).size).toBe(1);
    expect(tiles[0]!.y).toBeLessThan((await cards.first().boundingBox())!.y);
    await page.close();
  });

  it('hides and shows cards with the severity and CWE filters', async () => {
    const { page, errors } = await open('filters.html', renderHtml(sampleResult, sampleInfo()));
    const hidden = (): Promise<number> => page.locator('article.finding:not(:visible)').count();
    const status = page.locator('#filter-count');
    expect(await hidden()).toBe(0);
    expect(await status.innerText()).toBe('Showing 6 of 6 findings');

    await page.getByLabel(/^High/).uncheck();
    expect(await hidden()).toBe(2);
    expect(await status.innerText()).toBe('Showing 4 of 6 findings');

    await page.selectOption('#filter-cwe', 'CWE-95');
    expect(await hidden()).toBe(3);
    // A file whose every card is hidden loses its heading too.
    expect(await page.locator('section.file-group:visible').count()).toBe(2);

    await page.getByLabel(/^Critical/).uncheck();
    await page.getByLabel(/^Low/).uncheck();
    expect(await page.locator('#filter-empty').isVisible()).toBe(true);

    await page.selectOption('#filter-cwe', '');
    for (const label of [/^High/, /^Critical/, /^Low/]) await page.getByLabel(label).check();
    expect(await hidden()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the verdict of a clean review', async () => {
    const { page, errors, requests, url } = await open('clean.html', renderHtml(cleanResult, sampleInfo()));
    expect(await page.locator('.verdict').innerText()).toBe('No security defects are detected in the code.');
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    await page.close();
  });
});
