// The search page: results, facets with their counts, pagination, did-you-mean, empty and
// error states, safe snippets, and the URL as the page's state (reload, back, forward).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiCall, apiGet, assertFacetsMatch, pageFacets, resultCount, searchSettled, waitForText, withCatalog } from './helpers.mjs';

describe('search page', () => {
  const env = withCatalog();
  let page;

  before(async () => {
    page = await env.open();
  });

  const checkbox = (facet, value) => page.locator(`.facet-body input[data-facet="${facet}"][data-value="${value}"]`);

  test('a search shows the count, time and cards with highlighted snippets', async () => {
    await page.goto(`${env.catalog.url}/?q=orders`);
    const answer = await searchSettled(page, env.catalog.url);
    const count = await resultCount(page);
    assert.deepEqual([count.first, count.last], [1, 20]);
    assert.equal(await page.locator('#search-input').inputValue(), 'orders');
    assert.equal(await page.title(), 'orders – Search · datacat');
    const cards = page.locator('.result-list > li');
    assert.equal(await cards.count(), 20);
    assert.deepEqual(await page.locator('.result-list .card-title a').allTextContents(),
                     answer.hits.map((hit) => hit.label || hit.name));
    const first = cards.first();
    assert.equal(await first.locator('.card-title a').getAttribute('href'), '/asset/datacat%3A%2F%2Ftable%2Fsales_dw%2Forders');
    assert.equal(await first.locator('.badge-type').textContent(), 'Table');
    assert.ok(await first.locator('.card-icon svg').count());
    assert.deepEqual(await first.locator('.snippet mark').allTextContents(), ['Order', 'order', 'orders']);
    assert.deepEqual(await first.locator('ul[aria-label="Tags"] li').allTextContents(), answer.hits[0].tags);
    assert.deepEqual(await first.locator('.card-meta > div').evaluateAll((rows) => rows.map((row) => [...row.children].map((c) => c.textContent))),
                     [['Owner', 'sales-analytics'], ['Region', 'eu-west-1'], ['Updated', 'May 1, 2024']]);
    assert.equal(await page.locator('#result-count').getAttribute('aria-live'), 'polite');
  });

  test('selecting and unselecting facet values narrows the results and changes the counts as the API says', async () => {
    await page.goto(`${env.catalog.url}/?q=orders`);
    let answer = await searchSettled(page, env.catalog.url);
    await assertFacetsMatch(page, answer);
    const before = await pageFacets(page);
    const typeCount = (facets, value) => facets.find((f) => f.facet === 'type' && f.value === value).count;
    const tables = typeCount(before, 'table');
    const datasets = typeCount(before, 'dataset');

    await checkbox('type', 'table').check();
    await page.waitForURL(/\/\?q=orders&type=table$/);
    answer = await searchSettled(page, env.catalog.url);
    assert.equal(answer.total, tables, 'picking Table shows as many assets as its count said');
    const withTables = await assertFacetsMatch(page, answer);
    // Disjunctive: the type facet still counts the other types; other facets now count tables only.
    assert.equal(typeCount(withTables, 'dataset'), datasets);
    const tagCount = (facets, value) => facets.find((f) => f.facet === 'tags' && f.value === value)?.count;
    assert.ok(tagCount(withTables, 'daily') < tagCount(before, 'daily'), 'tag counts shrink to the tables');
    assert.equal(await page.locator('.chip-filter').textContent(), 'Type: Table×');

    await checkbox('type', 'dataset').check();
    await page.waitForURL(/type=table&type=dataset$/);
    answer = await searchSettled(page, env.catalog.url);
    assert.equal(answer.total, tables + datasets, 'two values of one facet are OR-ed');
    await assertFacetsMatch(page, answer);

    const daily = (await pageFacets(page)).find((f) => f.facet === 'tags' && f.value === 'daily');
    await checkbox('tags', 'daily').check();
    await page.waitForURL(/type=table&type=dataset&tags=daily$/);
    answer = await searchSettled(page, env.catalog.url);
    assert.equal(answer.total, daily.count, 'another facet is AND-ed: as many as the tag count said');
    await assertFacetsMatch(page, answer);
    assert.ok(await checkbox('tags', 'daily').isChecked());
    assert.equal(await page.locator('.chip-filter').count(), 3);

    await checkbox('type', 'table').uncheck();
    await page.waitForURL(/\/\?q=orders&type=dataset&tags=daily$/);
    answer = await searchSettled(page, env.catalog.url);
    await assertFacetsMatch(page, answer);
    assert.equal(await checkbox('type', 'table').isChecked(), false);
    // Focus stays on the checkbox the user changed, across the re-render.
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.value), 'table');

    await page.getByRole('button', { name: 'Remove filter Tags: daily' }).click();
    await page.waitForURL(/\/\?q=orders&type=dataset$/);
    await assertFacetsMatch(page, await searchSettled(page, env.catalog.url));
    await page.getByRole('link', { name: 'Clear all filters' }).click();
    await page.waitForURL(/\/\?q=orders$/);
    assert.equal((await searchSettled(page, env.catalog.url)).total, (await apiGet(env.catalog.url, '/api/v1/search?q=orders')).total);
  });

  test('pagination moves through the results twenty at a time', async () => {
    await page.goto(`${env.catalog.url}/`);
    const all = await searchSettled(page, env.catalog.url);
    assert.equal(all.total, 182);
    const nav = page.getByRole('navigation', { name: 'Pagination' });
    assert.equal(await nav.locator('[aria-current="page"]').textContent(), '1');
    await nav.getByRole('link', { name: 'Next ›' }).click();
    await page.waitForURL(/\/\?page=2$/);
    const second = await searchSettled(page, env.catalog.url);
    assert.deepEqual(await resultCount(page).then((c) => [c.first, c.last]), [21, 40]);
    assert.equal(await page.locator('.result-list .card-title a').first().textContent(), second.hits[0].label || second.hits[0].name);
    assert.equal(await page.locator('.result-list').getAttribute('start'), '21');
    await nav.getByRole('link', { name: 'Page 10' }).click();
    await page.waitForURL(/\/\?page=10$/);
    await searchSettled(page, env.catalog.url);
    assert.deepEqual(await resultCount(page).then((c) => [c.first, c.last]), [181, 182]);
    assert.equal(await page.locator('.result-list > li').count(), 2);
    assert.equal(await nav.getByRole('link', { name: 'Next ›' }).count(), 0, 'no next page after the last');
    await nav.getByRole('link', { name: '‹ Previous' }).click();
    await page.waitForURL(/\/\?page=9$/);
    // The URL changes before the results do: wait for page 9's list.
    await page.waitForFunction(() => document.querySelector('.result-list')?.getAttribute('start') === '161');
    assert.deepEqual(await resultCount(page).then((c) => [c.first, c.last]), [161, 180]);
  });

  test('the URL holds the state: a reload restores it, back and forward step through it', async () => {
    await page.goto(`${env.catalog.url}/?q=orders&type=table&sort=name&page=2`);
    const check = async (expected) => {
      const answer = await searchSettled(page, env.catalog.url);
      assert.equal(await page.locator('#search-input').inputValue(), expected.q);
      assert.equal(await page.locator('#sort').inputValue(), expected.sort);
      assert.equal(await checkbox('type', 'table').isChecked(), expected.table);
      const current = page.locator('.pagination [aria-current="page"]');
      assert.equal(await current.count() ? await current.textContent() : '1', String(expected.page));
      assert.equal(await page.locator('.result-list .card-title a').first().textContent(), answer.hits[0].label || answer.hits[0].name);
    };
    const state = { q: 'orders', sort: 'name', table: true, page: 2 };
    await check(state);

    await page.reload();
    await check(state);

    await page.locator('#sort').selectOption('updated');
    await page.waitForURL(/\/\?q=orders&type=table&sort=updated$/);
    await check({ ...state, sort: 'updated', page: 1 });

    await page.locator('#search-input').fill('customer');
    await page.locator('#search-input').press('Enter');
    await page.waitForURL(/\/\?q=customer&type=table&sort=updated$/);
    await check({ q: 'customer', sort: 'updated', table: true, page: 1 });

    await page.goBack();
    await page.waitForURL(/\/\?q=orders&type=table&sort=updated$/);
    await check({ ...state, sort: 'updated', page: 1 });
    await page.goBack();
    await page.waitForURL(/\/\?q=orders&type=table&sort=name&page=2$/);
    await check(state);
    await page.goForward();
    await page.waitForURL(/sort=updated$/);
    await check({ ...state, sort: 'updated', page: 1 });
    await page.goForward();
    await page.waitForURL(/\/\?q=customer&type=table&sort=updated$/);
    await check({ q: 'customer', sort: 'updated', table: true, page: 1 });
  });

  test('sorting by name orders the cards by name', async () => {
    await page.goto(`${env.catalog.url}/?type=dataset&sort=name`);
    const answer = await searchSettled(page, env.catalog.url);
    assert.deepEqual(await page.locator('.result-list .card-title a').allTextContents(),
                     answer.hits.map((hit) => hit.label || hit.name));
  });

  test('a misspelled search shows the spelling correction\'s results and says so', async () => {
    await page.goto(`${env.catalog.url}/?q=ordres`);
    const answer = await searchSettled(page, env.catalog.url);
    assert.equal(answer.corrected, true);
    assert.equal(answer.corrected_query, 'orders');
    assert.ok(answer.total > 0);
    await waitForText(page, '.did-you-mean', /^Nothing has every word of “ordres”; showing results for orders\.$/);
    assert.equal(await page.locator('.result-list > li').count(), Math.min(answer.total, 20));
    assert.equal(await page.locator('#search-input').inputValue(), 'ordres');
  });

  test('empty and error states', async () => {
    await page.goto(`${env.catalog.url}/?q=zzzzqqq`);
    await searchSettled(page, env.catalog.url);
    assert.match(await page.locator('#result-count').textContent(), /^No assets found/);
    assert.match(await page.locator('.empty-state').textContent(), /Nothing matches “zzzzqqq”.Check the spelling/);

    await page.goto(`${env.catalog.url}/?q=%22unbalanced`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.textContent(), /The search could not be read.*unbalanced quote/);
    assert.equal(await page.locator('#result-count').textContent(), 'The search failed.');
  });

  test('a card names the columns the query matched, the matched words marked, as text', async () => {
    await apiCall(env.catalog.url, 'PUT', `/api/v1/assets/${encodeURIComponent('datacat://table/column_probe')}?sync=true`,
                  env.catalog.tokens.root, { type: 'table', name: 'column_probe', columns: [
                    { name: 'notes', description: 'Every quokka sighting' }, { name: 'quokka_count' },
                    { name: 'weight_kg' }, { name: '<b>quokka</b>_id' }] });
    await page.goto(`${env.catalog.url}/?q=quokkas`);
    const answer = await searchSettled(page, env.catalog.url);
    assert.deepEqual(answer.hits[0].matched_columns.map((column) => column.in),
                     [['name'], ['name'], ['description']]);
    const line = page.locator('.result-list > li').first().locator('.card-columns');
    // Columns matched by name first; one matched by its description says so.
    assert.equal(await line.textContent(), 'Columns: quokka_count, <b>quokka</b>_id, notes (description: quokka)');
    assert.deepEqual(await line.locator('mark').allTextContents(), ['quokka', 'quokka', 'quokka']);
    assert.equal(await line.locator('b').count(), 0);
    assert.equal(await line.locator('.matched-column').last().getAttribute('title'), 'Matched in its description');

    await page.goto(`${env.catalog.url}/?q=column_probe`);
    await searchSettled(page, env.catalog.url);
    const card = page.locator('.result-list > li').first();
    assert.equal(await card.getAttribute('data-uri'), 'datacat://table/column_probe');
    assert.equal(await card.locator('.card-columns').count(), 0, 'no column matched: no line');
  });

  test('snippets show server text as text: only the <mark> highlighting becomes markup', async () => {
    await apiCall(env.catalog.url, 'PUT', `/api/v1/assets/${encodeURIComponent('datacat://dataset/xss_probe')}?sync=true`,
                  env.catalog.tokens.root, { type: 'dataset', name: 'xss_probe', label: 'Probe <b>bold</b>',
                                         description: 'zebrafish <img src=x onerror="window.hacked=1"> & <script>window.hacked=2</script> zebrafish' });
    await page.goto(`${env.catalog.url}/?q=zebrafish`);
    await searchSettled(page, env.catalog.url);
    const card = page.locator('.result-list > li').first();
    assert.equal(await card.locator('.card-title a').textContent(), 'Probe <b>bold</b>');
    assert.equal(await card.locator('.snippet img, .snippet script, .card-title b').count(), 0);
    assert.match(await card.locator('.snippet').textContent(), /<img src=x onerror="window\.hacked=1"> & <script>/);
    assert.deepEqual(await card.locator('.snippet mark').allTextContents(), ['zebrafish', 'zebrafish']);
    assert.equal(await page.evaluate(() => window.hacked), undefined);
  });
});
