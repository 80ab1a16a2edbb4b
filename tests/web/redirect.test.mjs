// Links and redirects never leave the site: a description's Markdown link, and the
// sign-in page's ?next=, that a browser would resolve to another host ("/\evil.example")
// stay text or lead home.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiCall, withCatalog } from './helpers.mjs';

const ORDERS = 'datacat://table/sales_dw/orders';

describe('no open redirects', () => {
  const env = withCatalog();

  test('a description link that would leave the site stays text; a local one is a link', async () => {
    const base = env.catalog.url;
    await apiCall(base, 'PATCH', `/api/v1/assets/${encodeURIComponent(ORDERS)}`, env.catalog.tokens.olga, {
      description: 'See [away](/\\evil.example/p), [far](//evil.example/q) and [orders](/search?q=orders).',
    });
    const page = await env.open();
    await page.goto(`${base}/asset/${encodeURIComponent(ORDERS)}`);
    const prose = page.locator('.prose').first();
    await prose.getByRole('link', { name: 'orders' }).waitFor();
    assert.equal(await prose.getByRole('link', { name: 'orders' }).getAttribute('href'), '/search?q=orders');
    assert.equal(await prose.getByRole('link', { name: 'away' }).count(), 0);
    assert.equal(await prose.getByRole('link', { name: 'far' }).count(), 0);
    assert.match(await prose.textContent(), /\[away\]\(\/\\evil\.example\/p\)/);
  });

  test('signing in never follows ?next= off the site', async () => {
    const base = env.catalog.url;
    for (const next of ['/\\evil.example/x', '//evil.example/x', '/\\/evil.example/x']) {
      const page = await env.open();
      await page.goto(`${base}/sign-in?next=${encodeURIComponent(next)}`);
      await page.getByLabel('Access token', { exact: true }).fill(env.catalog.tokens.olga);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.locator('.account-name', { hasText: 'olga' }).waitFor();
      assert.equal(new URL(page.url()).origin, new URL(base).origin, `next=${next} left the site`);
      await page.close();
    }
  });
});
