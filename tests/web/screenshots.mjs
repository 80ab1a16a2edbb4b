// Saves screenshots of the main screens to docs/screenshots/ (run: node screenshots.mjs).
// Starts its own catalog with the sample data, links two terms to the Orders table (one
// approved, one pending) so the glossary facet, the asset's terms and the review queue
// have something to show, and signs in where a screen needs it.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, sourceDir, startCatalog } from './harness.mjs';
import { apiCall, newPage, searchSettled, signIn } from './helpers.mjs';

const out = path.join(sourceDir, 'docs/screenshots');
const ORDERS = 'datacat://table/sales_dw/orders';

const catalog = await startCatalog();
const browser = await launchBrowser();
try {
  mkdirSync(out, { recursive: true });
  const { url, tokens } = catalog;
  const approved = await apiCall(url, 'POST', '/api/v1/associations', tokens.olga, { term: 12, asset: ORDERS });
  await apiCall(url, 'POST', `/api/v1/associations/${approved.id}/approve?sync=true`, tokens.fay);
  await apiCall(url, 'POST', '/api/v1/associations', tokens.olga, { term: 19, asset: ORDERS });
  await apiCall(url, 'POST', '/api/v1/associations', tokens.olga, { term: 7, asset: 'datacat://dataset/sales_dw' });

  const shoot = async (page, name) => {
    await page.evaluate(() => document.activeElement?.blur());
    await page.screenshot({ path: path.join(out, name) });
    console.log(`wrote docs/screenshots/${name}`);
  };

  const desktop = await newPage(browser, { width: 1280, height: 900 });
  await desktop.goto(`${url}/?q=orders&type=table&tags=daily`);
  await searchSettled(desktop, url);
  await shoot(desktop, 'search.png');

  const mobile = await newPage(browser, { width: 360, height: 780 });
  await mobile.goto(`${url}/?q=orders&type=table`);
  await searchSettled(mobile, url);
  await shoot(mobile, 'search-mobile.png');

  const olga = await newPage(browser, { width: 1280, height: 900 });
  await signIn(olga, url, tokens.olga, 'olga');
  await olga.goto(`${url}/asset/${encodeURIComponent(ORDERS)}`);
  await olga.getByRole('button', { name: 'Propose a term' }).click();
  await olga.getByLabel('Find a glossary term').fill('customer');
  await olga.locator('.term-result').first().waitFor();
  await shoot(olga, 'asset.png');

  const fay = await newPage(browser, { width: 1280, height: 900 });
  await signIn(fay, url, tokens.fay, 'fay');
  await fay.goto(`${url}/glossaries/1`);
  await fay.getByRole('link', { name: 'Net revenue' }).waitFor();
  await shoot(fay, 'glossary.png');

  await fay.goto(`${url}/glossaries/1/queue`);
  await fay.locator('.queue-item').first().waitFor();
  await shoot(fay, 'queue.png');

  await fay.goto(`${url}/terms/12`);
  await fay.getByRole('heading', { name: 'Linked assets (1)' }).waitFor();
  await shoot(fay, 'term.png');
} finally {
  await browser.close();
  await catalog.stop();
}
