// Glossaries through the page: an asset owner proposes a term, the glossary's owner team
// approves it in the review queue, and the search page's glossary facet shows it; the
// owner team edits the tree; a glossary manager creates a glossary.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiGet, assertFacetsMatch, pageFacets, searchSettled, signIn, withCatalog } from './helpers.mjs';

const ORDERS = 'datacat://table/sales_dw/orders';

describe('glossary workflow', () => {
  const env = withCatalog();

  const open = env.open;

  test('olga proposes a term for her table, fay approves it, and the glossary facet shows it', async () => {
    // Before: no asset has an approved term, so the search page has no glossary facet.
    const searcher = await open();
    await searcher.goto(`${env.catalog.url}/?q=orders`);
    await searchSettled(searcher, env.catalog.url);
    assert.equal(await searcher.locator('.facet-glossary').count(), 0);

    const olga = await open();
    await signIn(olga, env.catalog.url, env.catalog.tokens.olga, 'olga');
    assert.equal(await olga.locator('#sign-out').textContent(), 'Sign out');
    await olga.goto(`${env.catalog.url}/asset/${encodeURIComponent(ORDERS)}`);
    await olga.getByRole('button', { name: 'Propose a term' }).click();
    assert.equal(await olga.evaluate(() => document.activeElement.id), await olga.getByLabel('Find a glossary term').getAttribute('id'));
    await olga.getByLabel('Find a glossary term').fill('turnover');
    const result = olga.locator('.term-result', { hasText: 'Net revenue' });
    await result.waitFor();
    assert.match(await result.textContent(), /Net revenue · Business.*Sales after returns, discounts and allowances\..*Also: turnover, net sales/);
    await result.getByRole('button', { name: 'Propose Net revenue' }).click();
    const done = olga.getByRole('status').filter({ hasText: 'Proposed' });
    await done.waitFor();
    assert.equal(await done.textContent(), 'Proposed “Net revenue”. The glossary\'s owners will review it.');
    const link = olga.locator('#asset-terms .link-item', { hasText: 'Net revenue' });
    await link.waitFor();
    assert.match(await link.textContent(), /Net revenue Pending review.*Business · proposed by olga/);
    assert.ok(await result.getByRole('button', { name: 'Net revenue: Pending review' }).isDisabled());

    // Signing out takes the proposing away.
    await olga.locator('#sign-out').click();
    await olga.locator('#sign-in-link').waitFor();
    await olga.locator('#propose-note').waitFor();
    assert.equal(await olga.getByRole('button', { name: 'Propose a term' }).count(), 0);

    const fay = await open();
    await signIn(fay, env.catalog.url, env.catalog.tokens.fay, 'fay');
    await fay.goto(`${env.catalog.url}/glossaries/1`);
    await fay.getByRole('link', { name: '1 link waiting for review' }).click();
    await fay.waitForURL(`${env.catalog.url}/glossaries/1/queue`);
    const item = fay.locator('.queue-item');
    await item.waitFor();
    assert.match(await item.textContent(), /Net revenue.*Orders Table Pending review.*Proposed by olga/);
    assert.equal(await fay.locator('.segmented [aria-current="true"]').textContent(), 'Pending');
    await item.getByRole('button', { name: 'Approve Net revenue for Orders' }).click();
    await fay.getByRole('status').filter({ hasText: 'Approved: “Net revenue” for Orders.' }).waitFor();
    await fay.getByText('Nothing is waiting for review.').waitFor();
    await fay.locator('.segmented').getByRole('link', { name: 'Approved' }).click();
    await fay.waitForURL(`${env.catalog.url}/glossaries/1/queue?status=approved`);
    await fay.locator('.queue-item', { hasText: 'Approved' }).waitFor();
    assert.match(await fay.locator('.queue-item').textContent(), /Net revenue.*Orders.*approved by fay/);

    // The search page, reloaded: the term and the categories above it, each with count 1.
    await searcher.reload();
    const answer = await searchSettled(searcher, env.catalog.url);
    await searcher.locator('.facet-glossary').waitFor();
    await assertFacetsMatch(searcher, answer);
    const glossary = (await pageFacets(searcher)).filter((f) => f.facet === 'glossary');
    assert.deepEqual(glossary.map(({ label, count, checked }) => ({ label, count, checked })), [
      { label: 'Business', count: 1, checked: false },
      { label: 'Finance', count: 1, checked: false },
      { label: 'Revenue', count: 1, checked: false },
      { label: 'Net revenue', count: 1, checked: false },
    ]);
    // A tree: the term sits under Revenue, under Finance, under Business.
    assert.equal(await searcher.locator('.facet-tree .facet-tree .facet-tree .facet-tree input').getAttribute('data-value'), '12');
    await searcher.locator('.facet-body input[data-facet="glossary"][data-value="9"]').check();
    await searcher.waitForURL(`${env.catalog.url}/?q=orders&glossary=9`);
    const filtered = await searchSettled(searcher, env.catalog.url);
    assert.equal(filtered.total, 1);
    await assertFacetsMatch(searcher, filtered);
    const card = searcher.locator('.result-list > li');
    assert.equal(await card.locator('.card-title').textContent(), 'Orders');
    assert.deepEqual(await card.locator('ul[aria-label="Glossary terms"] li').allTextContents(), ['Net revenue']);
    assert.match(await searcher.locator('.chip-filter').textContent(), /Glossary: Revenue/);

    // The term page lists the asset.
    await card.getByRole('link', { name: 'Net revenue' }).click();
    await searcher.waitForURL(`${env.catalog.url}/terms/12`);
    await searcher.getByRole('heading', { name: 'Linked assets (1)' }).waitFor();
    assert.deepEqual(await searcher.getByRole('navigation', { name: 'Breadcrumb' }).locator('li').allTextContents(),
                     ['Glossaries', 'Business', 'Finance', 'Revenue', 'Net revenue']);
    await searcher.getByRole('link', { name: 'Search the assets with this term' }).click();
    await searcher.waitForURL(`${env.catalog.url}/?glossary=12`);
    assert.equal((await searchSettled(searcher, env.catalog.url)).total, 1);
  });

  test('the owner team edits the tree: add a category and a term, rename, change description and synonyms, delete', async () => {
    const fay = await open();
    await signIn(fay, env.catalog.url, env.catalog.tokens.fay, 'fay');
    await fay.goto(`${env.catalog.url}/glossaries/1`);
    await fay.getByRole('link', { name: 'Net revenue' }).waitFor();

    await fay.getByRole('button', { name: 'Add to Business' }).click();
    const form = fay.getByRole('form', { name: 'Add to the glossary' });
    await form.getByLabel('Kind').selectOption('category');
    assert.equal(await form.getByLabel('Synonyms').isVisible(), false, 'categories have no synonyms');
    await form.getByLabel('Label').fill('Risk');
    await form.getByLabel('Description').fill('Things that may go wrong.');
    await form.getByRole('button', { name: 'Add' }).click();
    await fay.getByRole('status').filter({ hasText: 'Added the category “Risk”.' }).waitFor();

    await fay.getByRole('button', { name: 'Add to Risk' }).click();
    const termForm = fay.getByRole('form', { name: 'Add to the glossary' });
    await termForm.getByLabel('Kind').selectOption('term');
    await termForm.getByLabel('Label').fill('Credit risk');
    await termForm.getByLabel('Synonyms').fill('default risk, counterparty risk');
    await termForm.getByRole('button', { name: 'Add' }).click();
    await fay.getByRole('status').filter({ hasText: 'Added the term “Credit risk”.' }).waitFor();
    const risk = fay.locator('li.tree-node', { has: fay.getByRole('button', { name: 'Risk', exact: true }) });
    assert.match(await risk.textContent(), /Risk.*Things that may go wrong\..*Credit risk \(default risk, counterparty risk\)/);
    assert.equal(await fay.evaluate(() => document.activeElement.textContent), 'Credit risk', 'focus lands on the new term');

    await fay.getByRole('button', { name: 'Edit Credit risk' }).click();
    const edit = fay.getByRole('form', { name: 'Edit Credit risk' });
    await edit.getByLabel('Label').fill('Credit exposure');
    await edit.getByLabel('Description').fill('What a default would cost.');
    await edit.getByLabel('Synonyms').fill('exposure at default');
    await edit.getByRole('button', { name: 'Save' }).click();
    await fay.getByRole('status').filter({ hasText: 'Saved “Credit exposure”.' }).waitFor();
    const term = (await apiGet(env.catalog.url, '/api/v1/glossary-search?q=credit')).terms[0];
    assert.deepEqual([term.label, term.description, term.synonyms], ['Credit exposure', 'What a default would cost.', ['exposure at default']]);

    // A label that is taken: the server's refusal is shown, nothing changes.
    await fay.getByRole('button', { name: 'Edit Credit exposure' }).click();
    const again = fay.getByRole('form', { name: 'Edit Credit exposure' });
    await again.getByLabel('Label').fill('Net revenue');
    await again.getByRole('button', { name: 'Save' }).click();
    assert.match(await again.getByRole('alert').textContent(), /^Check the label.*a term with this label exists in the glossary/);
    await again.getByRole('button', { name: 'Cancel' }).click();

    // Collapsing a category hides its children, keyboard focus stays on the toggle.
    const toggle = fay.getByRole('button', { name: 'Risk', exact: true });
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await fay.getByRole('link', { name: 'Credit exposure' }).count(), 0);
    await toggle.click();

    await fay.getByRole('button', { name: 'Delete Risk' }).click();
    await fay.getByRole('button', { name: 'Delete Risk' }).last().click();
    await fay.getByRole('status').filter({ hasText: 'Deleted “Risk”.' }).waitFor();
    assert.equal(await fay.getByRole('link', { name: 'Credit exposure' }).count(), 0);
    assert.equal((await apiGet(env.catalog.url, '/api/v1/glossary-search?q=credit')).terms.length, 0);

    // The term page offers the owners an edit form too.
    await fay.goto(`${env.catalog.url}/terms/13`);
    await fay.getByRole('button', { name: 'Edit term' }).click();
    const termEdit = fay.getByRole('form', { name: 'Edit Operating expenses' });
    await termEdit.getByLabel('Synonyms').fill('OPEX, running costs');
    await termEdit.getByRole('button', { name: 'Save' }).click();
    await fay.getByRole('status').filter({ hasText: 'Saved “Operating expenses”.' }).waitFor();
    assert.deepEqual(await fay.getByRole('list', { name: 'Synonyms' }).locator('li').allTextContents(), ['OPEX', 'running costs']);
  });

  test('a glossary manager creates a glossary for a team; that team (or an admin) edits it', async () => {
    const mia = await open();
    await signIn(mia, env.catalog.url, env.catalog.tokens.mia, 'mia');
    await mia.goto(`${env.catalog.url}/glossaries`);
    await mia.getByRole('button', { name: 'New glossary' }).click();
    const form = mia.getByRole('form', { name: 'New glossary' });
    await form.getByLabel('Label').fill('Logistics words');
    await form.getByLabel('Owner team').fill('logistics-eng');
    await form.getByLabel('Description').fill('Terms of the warehouse and transport teams.');
    await form.getByRole('button', { name: 'Create glossary' }).click();
    await mia.getByRole('heading', { level: 1, name: 'Logistics words' }).waitFor();
    const id = Number(/\/glossaries\/(\d+)$/.exec(mia.url())[1]);
    assert.match(await mia.locator('main').textContent(), /Owned by logistics-eng.*This glossary is empty\..*Only the owner team \(logistics-eng\) or an admin may edit this glossary\./);

    const root = await open();
    await signIn(root, env.catalog.url, env.catalog.tokens.root, 'root');
    await root.goto(`${env.catalog.url}/glossaries/${id}`);
    await root.getByRole('button', { name: 'Delete Logistics words' }).click();
    await root.getByRole('button', { name: 'Delete Logistics words' }).last().click();
    await root.waitForURL(`${env.catalog.url}/glossaries`);
    await root.getByRole('link', { name: 'Business' }).waitFor();
    assert.equal(await root.getByRole('link', { name: 'Logistics words' }).count(), 0);
  });
});
