// The search box's typeahead: an ARIA combobox whose suggestions come from
// /api/v1/suggest, driven by typing and the arrow, Enter and Escape keys.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiGet, searchSettled, withCatalog } from './helpers.mjs';

describe('typeahead', () => {
  const env = withCatalog();
  let page;

  before(async () => {
    page = await env.open();
  });

  const input = () => page.locator('#search-input');
  const listbox = () => page.getByRole('listbox', { name: 'Suggestions' });
  const activeOption = () => page.evaluate(() => {
    const id = document.querySelector('#search-input').getAttribute('aria-activedescendant');
    const option = id && document.getElementById(id);
    return option ? { text: option.querySelector('.option-text').textContent, selected: option.getAttribute('aria-selected') } : null;
  });

  async function typeAndWait(text) {
    await input().fill('');
    await input().pressSequentially(text);
    await listbox().waitFor();
    // The options are those the API suggests for the text typed.
    const { suggestions } = await apiGet(env.catalog.url, `/api/v1/suggest?q=${encodeURIComponent(text)}&limit=6`);
    await page.waitForFunction((n) => document.querySelectorAll('[role=option]').length === n, suggestions.length);
    assert.deepEqual(await listbox().getByRole('option').locator('.option-text').allTextContents(), suggestions.map((s) => s.text));
    return suggestions;
  }

  test('typing shows suggestions; arrows move the active option; Escape closes; Enter opens the choice', async () => {
    await page.goto(`${env.catalog.url}/`);
    await searchSettled(page, env.catalog.url);
    assert.equal(await input().getAttribute('role'), 'combobox');
    assert.equal(await input().getAttribute('aria-expanded'), 'false');
    assert.equal(await input().getAttribute('aria-controls'), await page.locator('.typeahead-list').getAttribute('id'));

    const suggestions = await typeAndWait('ord');
    assert.equal(await input().getAttribute('aria-expanded'), 'true');
    assert.equal(await activeOption(), null, 'no option is active before an arrow key');
    // The name that is the shortest completion of what was typed comes first.
    assert.match(await listbox().getByRole('option').first().textContent(), /^Orders\s*orders\s*Table$/);

    await input().press('ArrowDown');
    assert.deepEqual(await activeOption(), { text: suggestions[0].text, selected: 'true' });
    await input().press('ArrowDown');
    assert.deepEqual(await activeOption(), { text: suggestions[1].text, selected: 'true' });
    assert.equal(await listbox().locator('[aria-selected="true"]').count(), 1);
    await input().press('ArrowUp');
    assert.deepEqual(await activeOption(), { text: suggestions[0].text, selected: 'true' });
    await input().press('ArrowUp');
    assert.deepEqual(await activeOption(), { text: suggestions.at(-1).text, selected: 'true' }, 'ArrowUp wraps to the last');

    await input().press('Escape');
    assert.equal(await listbox().isVisible(), false);
    assert.equal(await input().getAttribute('aria-expanded'), 'false');
    assert.equal(await input().getAttribute('aria-activedescendant'), null);
    assert.equal(await input().inputValue(), 'ord', 'Escape with the list open keeps the text');

    await input().press('ArrowDown');
    assert.equal(await input().getAttribute('aria-expanded'), 'true', 'ArrowDown reopens the list');
    const orders = suggestions.findIndex((s) => s.uri === 'datacat://table/sales_dw/orders');
    assert.ok(orders >= 0);
    for (let i = 0; i < orders; i++) await input().press('ArrowDown');
    assert.deepEqual(await activeOption(), { text: 'Orders', selected: 'true' });
    await input().press('Enter');
    await page.waitForURL(`${env.catalog.url}/asset/datacat%3A%2F%2Ftable%2Fsales_dw%2Forders`);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Orders');
  });

  test('Enter without an active option searches for the text typed', async () => {
    await page.goto(`${env.catalog.url}/`);
    await typeAndWait('invoice');
    await input().press('Enter');
    await page.waitForURL(`${env.catalog.url}/?q=invoice`);
    await searchSettled(page, env.catalog.url);
    assert.equal(await listbox().isVisible(), false);
  });

  test('choosing a tag filters by it; choosing a glossary term opens the term', async () => {
    await page.goto(`${env.catalog.url}/`);
    const suggestions = await typeAndWait('pi');
    const pii = suggestions.findIndex((s) => s.kind === 'tag' && s.text === 'pii');
    assert.ok(pii >= 0);
    for (let i = 0; i <= pii; i++) await input().press('ArrowDown');
    assert.match(await listbox().locator('[aria-selected="true"]').textContent(), /^pii\s*Tag · \d+$/);
    await input().press('Enter');
    await page.waitForURL(`${env.catalog.url}/?tags=pii`);
    await searchSettled(page, env.catalog.url);
    assert.ok(await page.locator('.facet-body input[data-facet="tags"][data-value="pii"]').isChecked());
    assert.equal(await input().inputValue(), '');

    const terms = await typeAndWait('turnover');
    assert.deepEqual(terms.map((s) => [s.kind, s.text]), [['term', 'Net revenue']]);
    await listbox().getByRole('option', { name: /Net revenue/ }).click();
    await page.waitForURL(`${env.catalog.url}/terms/${terms[0].id}`);
    await page.getByRole('heading', { level: 1, name: 'Net revenue' }).waitFor();
  });
});
