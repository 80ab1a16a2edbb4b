// results: the parts of the search page drawn from one search answer: result cards,
// pagination and the result count line.

import { h, snippetNodes, timeElement, assetPath } from './dom.js';
import { icon, TYPE_NAMES } from './icons.js';

/** One result card (an <li>) for a search hit. `tagHref(tag)` links a tag to its filter. */
export function resultCard(hit, { tagHref }) {
  const title = hit.label || hit.name;
  const meta = [
    ['Owner', hit.owner],
    ['Region', hit.region],
    ['Updated', hit.updated ? timeElement(hit.updated) : null],
  ].filter(([, value]) => value);
  return h('li', { class: 'card result', dataset: { uri: hit.uri } },
    h('div', { class: `card-icon type-${hit.type}` }, icon(hit.type)),
    h('div', { class: 'card-body' },
      h('div', { class: 'card-head' },
        h('h3', { class: 'card-title' }, h('a', { href: assetPath(hit.uri) }, title)),
        h('span', { class: `badge badge-type type-${hit.type}` }, TYPE_NAMES[hit.type] ?? hit.type)),
      hit.name && hit.name !== title ? h('p', { class: 'card-name mono' }, hit.name) : null,
      hit.snippet ? h('p', { class: 'snippet' }, snippetNodes(hit.snippet)) : null,
      matchedColumnsLine(hit.matched_columns),
      hit.tags?.length
        ? h('ul', { class: 'chips', 'aria-label': 'Tags' },
            hit.tags.map((tag) => h('li', {}, h('a', { class: 'chip', href: tagHref(tag) }, tag))))
        : null,
      hit.terms?.length
        ? h('ul', { class: 'chips chips-terms', 'aria-label': 'Glossary terms' },
            hit.terms.map((term) => h('li', {},
              h('a', { class: 'chip chip-term', href: `/terms/${term.id}` }, icon('term'), term.label))))
        : null,
      meta.length
        ? h('dl', { class: 'card-meta' },
            meta.map(([name, value]) => h('div', {}, h('dt', {}, name), h('dd', {}, value))))
        : null));
}

const SEPARATOR = /[^\p{L}\p{N}\p{M}]/u;
const LOWER = /\p{Ll}/u;
const UPPER = /\p{Lu}/u;

/**
 * Where the words of a name (an array of characters) start and end, as the index splits
 * it: at separators and at camelCase humps ("customerId", "HTTPServer").
 */
function wordBounds(chars) {
  const bounds = new Set([0, chars.length]);
  for (let i = 1; i < chars.length; i++) {
    const [prev, cur, next] = [chars[i - 1], chars[i], chars[i + 1] ?? ''];
    if (SEPARATOR.test(prev) !== SEPARATOR.test(cur)) bounds.add(i);
    else if (UPPER.test(cur) && (LOWER.test(prev) || (UPPER.test(prev) && LOWER.test(next)))) bounds.add(i);
  }
  return bounds;
}

/**
 * A column name as text and <mark> nodes: each of `words` (as written) is marked where it
 * stands as a word or a part of the name, never inside one ("id" of "idx"). Returns the
 * nodes and the words it marked.
 */
function markedName(name, words) {
  const chars = Array.from(name);
  const bounds = wordBounds(chars);
  const targets = words.map((word) => Array.from(word)).filter((word) => word.length)
    .sort((a, b) => b.length - a.length);
  const nodes = [];
  const marked = new Set();
  let plain = '';
  for (let i = 0; i < chars.length;) {
    const word = bounds.has(i)
      ? targets.find((w) => bounds.has(i + w.length) && w.every((c, k) => chars[i + k] === c))
      : undefined;
    if (!word) {
      plain += chars[i++];
      continue;
    }
    if (plain) nodes.push(plain);
    plain = '';
    nodes.push(h('mark', {}, word.join('')));
    marked.add(word.join(''));
    i += word.length;
  }
  if (plain) nodes.push(plain);
  return { nodes, marked };
}

const WHERE = { name: 'its name', description: 'its description' };

/**
 * The "Columns:" line of a card: the columns the query matched (`matched_columns` of a
 * hit) with the matched words marked in their names; words matched in a column's
 * description only follow it ("addr_line1 (description: address)"). Null when none.
 */
function matchedColumnsLine(columns) {
  if (!columns?.length) return null;
  const items = columns.map((column) => {
    const { nodes, marked } = markedName(column.name, column.words ?? []);
    const rest = (column.words ?? []).filter((word) => !marked.has(word));
    const where = (column.in ?? []).map((part) => WHERE[part] ?? part).join(' and ');
    return h('span', { class: 'matched-column', title: where ? `Matched in ${where}` : null },
      h('span', { class: 'mono' }, nodes),
      rest.length
        ? h('span', { class: 'matched-in' }, column.in?.includes('description') ? ' (description: ' : ' (',
            rest.map((word, i) => [i ? ', ' : null, h('mark', {}, word)]), ')')
        : null);
  });
  return h('p', { class: 'card-columns' },
    h('span', { class: 'card-columns-label' }, 'Columns: '),
    items.map((item, i) => [i ? ', ' : null, item]));
}

/** The last page a search may ask for: `page × per_page` ≤ 10,000. */
export const lastPage = (total, perPage) => Math.max(1, Math.min(Math.ceil(total / perPage), Math.floor(10000 / perPage)));

/**
 * The pagination <nav> for `page` of `pages`, or null for a single page. `pageHref(n)` is
 * the link to page n. Shows the first, last and nearby pages with gaps between.
 */
export function pagination(page, pages, pageHref) {
  if (pages <= 1) return null;
  const numbers = new Set([1, pages, page - 1, page, page + 1]);
  if (page <= 3) [2, 3, 4].forEach((n) => numbers.add(n));
  if (page >= pages - 2) [pages - 1, pages - 2, pages - 3].forEach((n) => numbers.add(n));
  const sorted = [...numbers].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  const items = [];
  let previous = 0;
  for (const n of sorted) {
    if (n - previous > 1) items.push(h('li', { class: 'gap', 'aria-hidden': 'true' }, '…'));
    items.push(h('li', {}, n === page
      ? h('a', { class: 'page current', href: pageHref(n), 'aria-current': 'page', 'aria-label': `Page ${n}` }, String(n))
      : h('a', { class: 'page', href: pageHref(n), 'aria-label': `Page ${n}` }, String(n))));
    previous = n;
  }
  return h('nav', { class: 'pagination', 'aria-label': 'Pagination' },
    h('ul', {},
      h('li', {}, page > 1
        ? h('a', { class: 'page prev', href: pageHref(page - 1), rel: 'prev' }, '‹ Previous')
        : h('span', { class: 'page prev disabled', 'aria-disabled': 'true' }, '‹ Previous')),
      items,
      h('li', {}, page < pages
        ? h('a', { class: 'page next', href: pageHref(page + 1), rel: 'next' }, 'Next ›')
        : h('span', { class: 'page next disabled', 'aria-disabled': 'true' }, 'Next ›'))));
}

/** The result count line: "Showing 21–40 of 182 assets (0.5 ms)". */
export function countText(answer) {
  const took = `${answer.took_ms < 10 ? answer.took_ms.toFixed(1) : Math.round(answer.took_ms)} ms`;
  if (!answer.total) return `No assets found (${took})`;
  const first = (answer.page - 1) * answer.per_page + 1;
  const last = Math.min(answer.total, first + answer.hits.length - 1);
  const total = `${answer.total_exact === false ? 'about ' : ''}${answer.total.toLocaleString('en')}`;
  const noun = answer.total === 1 ? 'asset' : 'assets';
  if (!answer.hits.length) return `${total} ${noun}; none on this page (${took})`;
  return `Showing ${first.toLocaleString('en')}–${last.toLocaleString('en')} of ${total} ${noun} (${took})`;
}
