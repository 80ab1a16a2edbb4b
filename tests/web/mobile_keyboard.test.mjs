// A 360 px wide screen: no page scrolls sideways, the filters fold away above the results;
// and the search works with the keyboard alone, with a visible focus and landmarks.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiCall, resultCount, searchSettled, signIn, tabUntil, withCatalog } from './helpers.mjs';

const ORDERS = 'datacat://table/sales_dw/orders';

describe('narrow screens and keyboard', () => {
  const env = withCatalog();

  before(async () => {
    await apiCall(env.catalog.url, 'POST', '/api/v1/associations', env.catalog.tokens.olga, { term: 12, asset: ORDERS });
  });

  const open = env.open;

  const scrollWidth = (page) => page.evaluate(() => document.documentElement.scrollWidth);

  test('at 360 px no page scrolls sideways, and the filters fold above the results', async () => {
    const page = await open({ width: 360, height: 740 });
    await signIn(page, env.catalog.url, env.catalog.tokens.fay, 'fay');
    const screens = [
      ['/?q=orders&type=table&tags=daily', '#result-count'],
      ['/?q=ordres', '.did-you-mean'],
      [`/asset/${encodeURIComponent(ORDERS)}`, '.data-table'],
      [`/asset/${encodeURIComponent('datacat://dataset/sales_dw')}`, '.child-list'],
      ['/glossaries', '.glossary-list'],
      ['/glossaries/1', '.tree'],
      ['/glossaries/1/queue', '.queue-item'],
      ['/terms/12', '#definition-heading'],
      ['/sign-in', '#signed-in-user'],
    ];
    for (const [path, ready] of screens) {
      await page.goto(`${env.catalog.url}${path}`);
      await page.locator(ready).first().waitFor();
      assert.ok(await scrollWidth(page) <= 360, `${path} is ${await scrollWidth(page)} px wide`);
    }

    await page.goto(`${env.catalog.url}/?q=orders&type=table`);
    await searchSettled(page, env.catalog.url);
    const toggle = page.getByRole('button', { name: 'Filters (1)' });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.locator('#facet-body').isVisible(), false);
    const facetsTop = (await toggle.boundingBox()).y;
    const resultsTop = (await page.locator('.result-list').boundingBox()).y;
    assert.ok(facetsTop < resultsTop, 'the filters come before the results');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.ok(await page.locator('#facet-body').isVisible());
    assert.ok(await scrollWidth(page) <= 360);
    // The glossary page's edit forms fit too.
    await page.goto(`${env.catalog.url}/glossaries/1`);
    await page.getByRole('button', { name: 'Edit Net revenue' }).click();
    await page.getByRole('form', { name: 'Edit Net revenue' }).waitFor();
    assert.ok(await scrollWidth(page) <= 360);
  });

  test('the search works by keyboard alone: type, filter, sort, page and open a result', async () => {
    const page = await open({ width: 360, height: 740 });
    await page.goto(`${env.catalog.url}/`);
    await searchSettled(page, env.catalog.url);
    // Landmarks and headings.
    assert.equal(await page.getByRole('banner').count(), 1);
    assert.equal(await page.getByRole('main').count(), 1);
    assert.equal(await page.getByRole('navigation', { name: 'Main' }).count(), 1);
    assert.equal(await page.getByRole('search').count(), 1);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Search the catalog');

    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to main content');
    await tabUntil(page, () => document.activeElement.id === 'search-input');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none', 'the focused control shows a focus ring');
    await page.keyboard.type('orders');
    await page.getByRole('listbox', { name: 'Suggestions' }).waitFor();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${env.catalog.url}/?q=orders`);
    const answer = await searchSettled(page, env.catalog.url);

    await tabUntil(page, () => document.activeElement.classList.contains('filters-toggle'));
    await page.keyboard.press('Enter');
    await tabUntil(page, () => document.activeElement.dataset.value === 'table');
    assert.notEqual(await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle), 'none');
    await page.keyboard.press('Space');
    await page.waitForURL(`${env.catalog.url}/?q=orders&type=table`);
    const tables = await searchSettled(page, env.catalog.url);
    assert.ok(tables.total < answer.total);
    assert.equal(await page.evaluate(() => document.activeElement.dataset.value), 'table', 'focus stays on the checkbox');

    // Past the filters: back to the "Skip to results" link, which moves focus to the results.
    await tabUntil(page, () => document.activeElement.classList.contains('skip-results'), { backwards: true });
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'results');
    await tabUntil(page, () => document.activeElement.id === 'sort');
    await page.keyboard.press('ArrowDown'); // a closed <select> changes its value with the arrows
    await page.waitForURL(`${env.catalog.url}/?q=orders&type=table&sort=name`);
    await searchSettled(page, env.catalog.url);

    await tabUntil(page, () => document.activeElement.getAttribute('aria-label') === 'Page 2', { max: 200 });
    await page.keyboard.press('Enter');
    await page.waitForURL(`${env.catalog.url}/?q=orders&type=table&sort=name&page=2`);
    const second = await searchSettled(page, env.catalog.url);
    assert.equal((await resultCount(page)).first, 21);
    assert.equal(await page.evaluate(() => document.activeElement.classList.contains('results')), true,
                 'after a page change focus moves to the results');

    await tabUntil(page, () => document.activeElement.closest('.card-title') !== null);
    assert.equal(await page.evaluate(() => document.activeElement.textContent), second.hits[0].label || second.hits[0].name);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/asset\//);
    await page.getByRole('heading', { level: 1, name: second.hits[0].label || second.hits[0].name }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H1');
  });
});
