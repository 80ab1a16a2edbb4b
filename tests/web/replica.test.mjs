// The web page served by a read replica (docs/scaling.md): searching works as on the
// primary, a change made on the primary shows up, and the asset page shows the asset
// read-only with a link to the primary for its glossary terms.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, startCatalog, startReplica } from './harness.mjs';
import { apiCall, apiGet, newPage, resultCount, searchSettled } from './helpers.mjs';

const ORDERS = 'datacat://table/sales_dw/orders';

describe('a read replica', () => {
  let primary;
  let replica;
  let browser;
  let page;

  before(async () => {
    [primary, browser] = await Promise.all([startCatalog({ replication: true }), launchBrowser()]);
    replica = await startReplica(primary);
    page = await newPage(browser);
  });

  after(async () => {
    assert.deepEqual(page?.problems ?? [], []);
    await browser?.close();
    await replica?.stop();
    await primary?.stop();
  });

  test('searches as the primary does, and follows a change made on the primary', async () => {
    await page.goto(`${replica.url}/?q=orders`);
    const answer = await searchSettled(page, replica.url);
    const onPrimary = await apiGet(primary.url, '/api/v1/search?q=orders');
    assert.equal(answer.total, onPrimary.total);
    assert.deepEqual(answer.hits.map((hit) => hit.uri), onPrimary.hits.map((hit) => hit.uri));

    await apiCall(primary.url, 'PUT', '/api/v1/assets/web%3Areplicated?sync=true', primary.tokens.root,
                  { type: 'dataset', name: 'replicated_ledger', description: 'Kangaroo ledger rows', owner: 'ops' });
    let total = 0;
    for (let i = 0; i < 100 && total !== 1; i++) {
      await page.goto(`${replica.url}/?q=kangaroo`);
      total = (await resultCount(page)).total;
      if (total !== 1) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(total, 1, 'the replica never showed the asset written on the primary');
    assert.equal(await page.locator('.result-list .card-title a').textContent(), 'replicated_ledger');
  });

  test('the asset page shows the asset read-only and points to the primary for its terms', async () => {
    await page.goto(`${replica.url}/asset/${encodeURIComponent(ORDERS)}`);
    await page.getByRole('heading', { level: 1, name: 'Orders' }).waitFor();
    const stored = await apiGet(primary.url, `/api/v1/assets/${encodeURIComponent(ORDERS)}`);
    assert.equal(await page.getByRole('heading', { name: `Columns (${stored.columns.length})` }).count(), 1);
    const facts = await page.locator('.facts .fact').evaluateAll((rows) =>
      Object.fromEntries(rows.map((row) => [row.querySelector('dt').textContent, row.querySelector('dd').textContent])));
    assert.equal(facts.Owner, 'sales-analytics (from dataset)');
    const note = page.locator('#replica-note');
    assert.match(await note.textContent(), /read replica/);
    assert.equal(await note.locator('a').getAttribute('href'),
                 `${primary.url}/asset/${encodeURIComponent(ORDERS)}`);
    assert.equal(await page.locator('#propose-note').count(), 0);
  });
});
