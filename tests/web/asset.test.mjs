// The asset page, and what signed-out or unprivileged users are (not) offered; a token
// refused by the server shows a clear message with a way to sign in again.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { binary } from './harness.mjs';
import { apiCall, apiGet, signIn, withCatalog } from './helpers.mjs';

const ORDERS = 'datacat://table/sales_dw/orders';
const assetUrl = (base, uri) => `${base}/asset/${encodeURIComponent(uri)}`;

describe('asset page and rights', () => {
  const env = withCatalog();

  const open = env.open;

  const facts = (page) => page.locator('.facts .fact').evaluateAll((rows) =>
    Object.fromEntries(rows.map((row) => [row.querySelector('dt').textContent, row.querySelector('dd').textContent])));

  test('a table: overview, description, columns with descriptions, terms; nothing to propose when signed out', async () => {
    const page = await open();
    await page.goto(assetUrl(env.catalog.url, ORDERS));
    await page.getByRole('heading', { level: 1, name: 'Orders' }).waitFor();
    assert.equal(await page.title(), 'Orders · datacat');
    const breadcrumb = page.getByRole('navigation', { name: 'Breadcrumb' });
    assert.deepEqual(await breadcrumb.locator('li').allTextContents(), ['Search', 'Sales data warehouse', 'Orders']);
    const about = await facts(page);
    assert.equal(about.Owner, 'sales-analytics (from dataset)');
    assert.equal(about.Region, 'eu-west-1 (from dataset)');
    assert.equal(about.Database, 'sales_dw');
    assert.equal(about.Dataset, 'Sales data warehouse');
    assert.equal(about.Updated, 'May 1, 2024');
    assert.deepEqual(await page.locator('.facts ul[aria-label="Tags"] li').allTextContents(), ['gold', 'curated', 'daily', 'pii']);
    assert.equal(await page.locator('.prose code').textContent(), "status = 'cancelled'");

    const stored = await apiGet(env.catalog.url, `/api/v1/assets/${encodeURIComponent(ORDERS)}`);
    assert.equal(await page.getByRole('heading', { name: `Columns (${stored.columns.length})` }).count(), 1);
    const rows = await page.locator('.data-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    assert.deepEqual(rows, stored.columns.map((c) => [c.name, c.type, c.description ?? '']));
    assert.deepEqual(rows[1], ['order_number', 'string', 'Human-readable number printed on invoices']);

    const terms = page.locator('#asset-terms');
    assert.match(await terms.textContent(), /No glossary terms are linked to this asset yet\./);
    assert.equal(await page.getByRole('button', { name: 'Propose a term' }).count(), 0);
    assert.equal(await terms.getByRole('link', { name: 'Sign in' }).getAttribute('href'),
                 `/sign-in?next=${encodeURIComponent(`/asset/${encodeURIComponent(ORDERS)}`)}`);
  });

  test('a dataset lists its tables and folders; links move between pages and back', async () => {
    const page = await open();
    const dataset = 'datacat://dataset/sales_dw';
    await page.goto(assetUrl(env.catalog.url, dataset));
    await page.getByRole('heading', { level: 1, name: 'Sales data warehouse' }).waitFor();
    assert.equal((await facts(page)).Stewards, 'finance-platform');
    const { assets } = await apiGet(env.catalog.url, `/api/v1/assets?parent=${encodeURIComponent(dataset)}&limit=100`);
    const contents = page.getByRole('region', { name: 'Tables and folders' });
    assert.deepEqual(await contents.locator('li a').allTextContents(), assets.map((a) => a.label || a.name));
    await contents.getByRole('link', { name: 'Orders', exact: true }).click();
    await page.waitForURL(assetUrl(env.catalog.url, ORDERS));
    await page.getByRole('heading', { level: 1, name: 'Orders' }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H1', 'focus moves to the new page title');
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Sales data warehouse' }).waitFor();
  });

  test('an unknown asset says so', async () => {
    const page = await open();
    await page.goto(assetUrl(env.catalog.url, 'datacat://table/nowhere/nothing'));
    await page.getByRole('heading', { level: 1, name: 'Asset not found' }).waitFor();
    assert.match(await page.getByRole('alert').textContent(), /No asset has the uri datacat:\/\/table\/nowhere\/nothing/);
  });

  test('a signed-out user is offered no propose, approve or edit control anywhere', async () => {
    await apiCall(env.catalog.url, 'POST', '/api/v1/associations', env.catalog.tokens.olga, { term: 12, asset: ORDERS });
    const page = await open();
    await page.goto(`${env.catalog.url}/glossaries`);
    await page.getByRole('link', { name: 'Business' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'New glossary' }).count(), 0);

    await page.goto(`${env.catalog.url}/glossaries/1`);
    await page.getByRole('link', { name: 'Net revenue' }).waitFor();
    assert.equal(await page.locator('main button:is([data-action])').count(), 0);
    assert.equal(await page.getByRole('button', { name: /^(Edit|Add|Delete)\b/ }).count(), 0);
    assert.match(await page.locator('main').textContent(), /Sign in as a member of finance-platform to edit this glossary\./);

    await page.goto(`${env.catalog.url}/glossaries/1/queue`);
    await page.locator('.queue-item').first().waitFor();
    assert.match(await page.locator('.queue-item').textContent(), /Net revenue.*Orders.*Pending review/);
    assert.equal(await page.getByRole('button', { name: /^(Approve|Dismiss)/ }).count(), 0);

    await page.goto(`${env.catalog.url}/terms/12`);
    await page.getByRole('heading', { level: 1, name: 'Net revenue' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Edit term' }).count(), 0);

    await page.goto(assetUrl(env.catalog.url, ORDERS));
    await page.getByRole('heading', { level: 1, name: 'Orders' }).waitFor();
    assert.match(await page.locator('#asset-terms').textContent(), /Net revenue\s*Pending review/);
    assert.equal(await page.getByRole('button', { name: /Propose|Remove/ }).count(), 0);
    assert.equal(await page.locator('#sign-in-link').textContent(), 'Sign in');
  });

  test('signed in without rights: no proposing on others\' assets, no glossary editing; a manager may create glossaries', async () => {
    const page = await open();
    await signIn(page, env.catalog.url, env.catalog.tokens.olga, 'olga');
    const other = 'datacat://table/archive_legacy/tbl_invoice_hist';
    const rights = await apiGet(env.catalog.url, `/api/v1/assets/${encodeURIComponent(other)}/permissions`, env.catalog.tokens.olga);
    assert.equal(rights.propose_terms, false);
    await page.goto(assetUrl(env.catalog.url, other));
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.match(await page.locator('#propose-note').textContent(), /Only the owner team \(data-platform\), its stewards or an admin may propose terms/);
    assert.equal(await page.getByRole('button', { name: 'Propose a term' }).count(), 0);

    await page.goto(`${env.catalog.url}/glossaries/1`);
    await page.getByRole('link', { name: 'Net revenue' }).waitFor();
    assert.equal(await page.getByRole('button', { name: /^(Edit|Add|Delete)\b/ }).count(), 0);
    assert.match(await page.locator('main').textContent(), /Only the owner team \(finance-platform\) or an admin may edit this glossary\./);
    await page.goto(`${env.catalog.url}/glossaries`);
    await page.getByRole('link', { name: 'Business' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'New glossary' }).count(), 0);

    const manager = await open();
    await signIn(manager, env.catalog.url, env.catalog.tokens.mia, 'mia');
    await manager.goto(`${env.catalog.url}/glossaries`);
    await manager.getByRole('button', { name: 'New glossary' }).waitFor();
    await manager.goto(`${env.catalog.url}/glossaries/1/queue`);
    await manager.locator('.queue-item').first().waitFor();
    assert.equal(await manager.getByRole('button', { name: /^(Approve|Dismiss)/ }).count(), 0,
                 'a glossary manager outside the owner team does not decide links');
  });

  test('a token the server stops accepting: a write shows "Sign in needed" with a link; a reload forgets the token', async () => {
    const page = await open();
    const token = env.catalog.tokens.olga;
    await signIn(page, env.catalog.url, token, 'olga');
    await page.goto(assetUrl(env.catalog.url, ORDERS));
    await page.getByRole('button', { name: 'Propose a term' }).click();
    await page.getByLabel('Find a glossary term').fill('churn');
    const propose = page.getByRole('button', { name: 'Propose Churn rate' });
    await propose.waitFor();

    const id = /^dct_(\d+)_/.exec(token)[1];
    execFileSync(binary, ['token', 'revoke', id, '--data-dir', env.catalog.dataDir]);
    await propose.click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.textContent(), /^Sign in neededThe catalog needs to know who you are for this\. Sign in with an access token, then try again\./);
    assert.equal(await alert.getByRole('link', { name: 'Sign in' }).getAttribute('href'),
                 `/sign-in?next=${encodeURIComponent(`/asset/${encodeURIComponent(ORDERS)}`)}`);

    await page.reload();
    const banner = page.locator('#banner [role=alert]');
    await banner.waitFor();
    assert.match(await banner.textContent(), /Your access token was refused .* and has been forgotten\. Sign in again\./);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('datacat.token')), null);
    await page.locator('#sign-in-link').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Orders' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Propose a term' }).count(), 0);
    await banner.getByRole('link', { name: 'Sign in again' }).click();
    await page.getByLabel('Access token', { exact: true }).waitFor();
  });
});
