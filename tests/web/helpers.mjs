// Helpers shared by the browser tests: opening pages, signing in through the page's own
// sign-in form, reading what the page shows, and asking the API the same question.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { launchBrowser, startCatalog } from './harness.mjs';

/** A new page (its own browser context: its own sessionStorage) of the given size. */
export async function newPage(browser, { width = 1280, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'en-US', timezoneId: 'UTC' });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // Failed requests the page handles itself (a 401, a 404 it shows) are logged by the
    // browser as console errors too; only script errors count as problems.
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) problems.push(message.text());
  });
  page.problems = problems;
  return page;
}

/**
 * The set-up of a test file: registers `before` and `after` hooks in the calling `describe`
 * that start a catalog server and a browser, and stop them. `env.catalog` and
 * `env.browser` are set once the hook ran; `env.open(size)` opens a page, and every page
 * opened so must end the file without script errors.
 */
export function withCatalog() {
  const pages = [];
  const env = {
    catalog: null,
    browser: null,
    async open(options) {
      const page = await newPage(env.browser, options);
      pages.push(page);
      return page;
    },
  };
  before(async () => {
    [env.catalog, env.browser] = await Promise.all([startCatalog(), launchBrowser()]);
  });
  after(async () => {
    for (const page of pages) assert.deepEqual(page.problems, []);
    await env.browser?.close();
    await env.catalog?.stop();
  });
  return env;
}

/** Signs in with `token` through /sign-in, as a user would, and waits for the header to say who. */
export async function signIn(page, base, token, user) {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Access token', { exact: true }).fill(token);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.locator('.account-name', { hasText: user }).waitFor();
}

/** GET an API path (with query) as JSON, optionally with a token. */
export async function apiGet(base, path, token) {
  const response = await fetchFresh(`${base}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  assert.equal(response.status, 200, `GET ${path}: ${response.status}`);
  return response.json();
}

/** Calls the API with a method and JSON body. */
/**
 * fetch, sent again once when it went out on a kept-alive connection the server had just
 * closed (civetweb closes idle ones after 500 ms; undici may reuse one as it closes, and
 * then the request never reached the server). Browsers retry such requests the same way.
 */
async function fetchFresh(url, options) {
  try {
    return await fetch(url, options);
  } catch (error) {
    const code = error?.cause?.code;
    if (!['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE'].includes(code)) throw error;
    return fetch(url, options);
  }
}

export async function apiCall(base, method, path, token, body) {
  const response = await fetchFresh(`${base}${path}`, {
    method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await response.json();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${JSON.stringify(data)}`);
  return data;
}

/** The search API's answer for the page's current URL (the page keeps its state there). */
export async function apiSearchForPage(page, base) {
  return apiGet(base, `/api/v1/search${new URL(page.url()).search}`);
}

/** Waits until the text of `selector` matches `pattern`; returns the text. */
export async function waitForText(page, selector, pattern) {
  await page.waitForFunction(([sel, source, flags]) => new RegExp(source, flags).test(document.querySelector(sel)?.textContent ?? ''),
                             [selector, pattern.source, pattern.flags]);
  return page.locator(selector).first().textContent();
}

/** The result count line once a search answer is shown; returns {first, last, total}. */
export async function resultCount(page) {
  const text = await waitForText(page, '#result-count', /^(Showing|No assets)/);
  if (text.startsWith('No assets')) return { first: 0, last: 0, total: 0, text };
  const [, first, last, total] = /^Showing ([\d,]+)–([\d,]+) of ([\d,]+) assets? \(\d+(\.\d)? ms\)$/.exec(text)
    ?? assert.fail(`unexpected result count "${text}"`);
  const number = (s) => Number(s.replaceAll(',', ''));
  return { first: number(first), last: number(last), total: number(total), text };
}

/** Waits for the results of the page's current URL to be on screen (not a stale answer). */
export async function searchSettled(page, base) {
  const answer = await apiSearchForPage(page, base);
  await page.waitForFunction(() => !document.querySelector('.results')?.hasAttribute('aria-busy'));
  const count = await resultCount(page);
  assert.equal(count.total, answer.total, `the page shows ${count.text}; the API says ${answer.total}`);
  return answer;
}

/**
 * The facet values the page shows: [{facet, value, label, count, checked}], in page order
 * (the glossary tree flattened depth first).
 */
export function pageFacets(page) {
  return page.$$eval('.facet-body input[type=checkbox]', (boxes) => boxes.map((box) => {
    const row = box.closest('.facet-value');
    return { facet: box.dataset.facet, value: box.dataset.value, checked: box.checked,
             label: row.querySelector('.facet-label').firstChild.textContent,
             count: Number(row.querySelector('.facet-count').textContent) };
  }));
}

/** Flattens the API's facets the way pageFacets() reads the page. */
export function apiFacets(answer) {
  const flat = [];
  const walk = (facet, values) => {
    for (const value of values) {
      flat.push({ facet, value: value.value, count: value.count, checked: value.selected });
      if (value.children) walk(facet, value.children);
    }
  };
  for (const [facet, values] of Object.entries(answer.facets)) walk(facet, values);
  return flat;
}

/**
 * Asserts that every facet value the page shows has the API's count and selection, and
 * that the page shows every selected value and, per facet, at least the API's first few.
 */
export async function assertFacetsMatch(page, answer) {
  const shown = await pageFacets(page);
  const expected = apiFacets(answer);
  const key = (v) => `${v.facet}=${v.value}`;
  const byKey = new Map(expected.map((v) => [key(v), v]));
  for (const value of shown) {
    const api = byKey.get(key(value));
    assert.ok(api, `the page shows ${key(value)}, which the API does not return`);
    assert.equal(value.count, api.count, `count of ${key(value)}`);
    assert.equal(value.checked, api.checked, `selection of ${key(value)}`);
  }
  const shownKeys = new Set(shown.map(key));
  for (const value of expected) {
    if (value.checked) assert.ok(shownKeys.has(key(value)), `selected ${key(value)} is shown`);
  }
  for (const facet of Object.keys(answer.facets)) {
    const wanted = expected.filter((v) => v.facet === facet).slice(0, 6);
    for (const value of wanted) assert.ok(shownKeys.has(key(value)), `${key(value)} (one of the first values) is shown`);
  }
  return shown;
}

/**
 * Presses Tab (Shift+Tab with `backwards`) until the focused element matches `predicate`
 * (run in the page); fails after `max` presses.
 */
export async function tabUntil(page, predicate, { max = 60, backwards = false } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    if (await page.evaluate(predicate)) return;
  }
  assert.fail(`no focusable element matched after ${max} Tab presses`);
}
