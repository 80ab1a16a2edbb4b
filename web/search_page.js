// search_page: the catalog search at "/". Its whole state is the URL's query string
// (q, the facet filters, sort, page), with the API's own parameter names, so a link or a
// reload shows the same results and back/forward step through searches.

import { api } from './api.js';
import { h, replace, assetPath, errorBox, setTitle } from './dom.js';
import { icon, TYPE_NAMES } from './icons.js';
import { FACETS, renderFacets, valueLabel, findGlossaryLabel } from './facets.js';
import { resultCard, pagination, lastPage, countText } from './results.js';
import { createTypeahead } from './typeahead.js';
import { navigate } from './router.js';

const PER_PAGE = 20;
const FACET_SIZE = 25;
const SORTS = [['relevance', 'Relevance'], ['name', 'Name'], ['updated', 'Recently updated']];
const FACET_NAMES = FACETS.map(([facet]) => facet);

/** Reads the search state from a query string: `{q, filters: {facet: [values]}, sort, page}`. */
export function readState(search) {
  const params = new URLSearchParams(search);
  const filters = {};
  for (const facet of FACET_NAMES) filters[facet] = [...new Set(params.getAll(facet).filter(Boolean))];
  const sort = SORTS.some(([value]) => value === params.get('sort')) ? params.get('sort') : 'relevance';
  // The API serves at most 10,000 results: page × per_page ≤ 10,000.
  const page = Math.min(Math.floor(10000 / PER_PAGE), Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1));
  return { q: params.get('q') ?? '', filters, sort, page };
}

/** The query string of a state, in a stable order (the API takes the same parameters). */
export function stateQuery(state) {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  for (const facet of FACET_NAMES) for (const value of state.filters[facet] ?? []) params.append(facet, value);
  if (state.sort && state.sort !== 'relevance') params.set('sort', state.sort);
  if (state.page > 1) params.set('page', String(state.page));
  return params;
}

/** The page URL of a state. */
export function searchHref(state) {
  const query = stateQuery(state).toString();
  return query ? `/?${query}` : '/';
}

const emptyFilters = () => Object.fromEntries(FACET_NAMES.map((facet) => [facet, []]));
const withChanges = (state, changes) => ({ ...state, filters: { ...state.filters }, page: 1, ...changes });

function toggled(state, facet, value, checked) {
  const values = state.filters[facet].filter((v) => v !== value);
  if (checked) values.push(value);
  return withChanges(state, { filters: { ...state.filters, [facet]: values } });
}

function suggestionOption(item) {
  const kinds = { tag: 'Tag', topic: 'Topic', term: 'Glossary term' };
  const kind = item.kind === 'asset' ? (TYPE_NAMES[item.type] ?? item.type) : kinds[item.kind] ?? item.kind;
  return [
    icon(item.kind === 'asset' ? item.type : item.kind, 'option-icon'),
    h('span', { class: 'option-text' }, item.text),
    item.kind === 'asset' && item.name !== item.text ? h('span', { class: 'option-name mono' }, item.name) : null,
    h('span', { class: 'option-kind' }, item.count !== undefined ? `${kind} · ${item.count}` : kind),
  ];
}

/** Mounts the search page in `main`; returns the page object the app updates on navigation. */
export function mount(main) {
  let state = readState(location.search);
  let answer = null;
  let controller = null;

  const input = h('input', { type: 'search', id: 'search-input', name: 'q', class: 'search-input',
                             placeholder: 'Search datasets, tables, dashboards, terms…', spellcheck: 'false' });
  const form = h('form', { class: 'search-form', role: 'search', 'aria-label': 'Catalog',
                           onsubmit: (event) => {
                             event.preventDefault();
                             navigate(searchHref(withChanges(state, { q: input.value.trim() })), { keepFocus: true });
                           } },
    h('label', { for: 'search-input', class: 'visually-hidden' }, 'Search the catalog'),
    h('div', { class: 'search-box' }, icon('search', 'search-icon'), input),
    h('button', { type: 'submit', class: 'button button-primary' }, 'Search'));

  createTypeahead(input, {
    label: 'Suggestions',
    suggest: async (text, signal) => (await api('suggest', { params: { q: text, limit: 6 }, signal })).suggestions,
    renderOption: suggestionOption,
    onChoose: (item) => {
      if (item.kind === 'asset') navigate(assetPath(item.uri));
      else if (item.kind === 'term') navigate(`/terms/${item.id}`);
      else {
        const facet = item.kind === 'tag' ? 'tags' : 'topics';
        input.value = '';
        navigate(searchHref(withChanges(state, { q: '', filters: { ...emptyFilters(), [facet]: [item.text] } })),
                 { keepFocus: true });
      }
    },
  });

  const facetBody = h('div', { class: 'facet-body', id: 'facet-body' });
  const toggle = h('button', { type: 'button', class: 'button filters-toggle', 'aria-expanded': 'false',
                               'aria-controls': 'facet-body',
                               onclick: () => {
                                 const open = toggle.getAttribute('aria-expanded') !== 'true';
                                 toggle.setAttribute('aria-expanded', String(open));
                                 facetBody.classList.toggle('open', open);
                               } }, icon('filter'), h('span', {}, 'Filters'));
  facetBody.addEventListener('facet-expand', () => drawFacets());

  const count = h('p', { class: 'result-count', id: 'result-count', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const sort = h('select', { id: 'sort', onchange: () => navigate(searchHref(withChanges(state, { sort: sort.value })), { keepFocus: true }) },
                 SORTS.map(([value, label]) => h('option', { value }, label)));
  const notes = h('div', { class: 'search-notes' });
  const active = h('div', { class: 'active-filters' });
  const list = h('div', { class: 'result-area' });
  const results = h('section', { class: 'results', id: 'results', 'aria-labelledby': 'results-heading', tabindex: '-1' },
    h('h2', { id: 'results-heading', class: 'visually-hidden' }, 'Results'),
    h('div', { class: 'results-bar' }, count,
      h('div', { class: 'sort' }, h('label', { for: 'sort' }, 'Sort by'), sort)),
    active, notes, list);

  replace(main,
    h('div', { class: 'search-hero' }, h('h1', { class: 'page-title' }, 'Search the catalog'), form),
    h('div', { class: 'search-layout' },
      h('aside', { class: 'facets-panel', 'aria-labelledby': 'filters-heading' },
        h('div', { class: 'filters-head' }, h('h2', { id: 'filters-heading' }, 'Filters'), toggle,
          h('a', { href: '#results', class: 'skip-results' }, 'Skip to results')),
        facetBody),
      results));

  const onToggle = (facet, value, checked) => navigate(searchHref(toggled(state, facet, value, checked)), { keepFocus: true });

  function drawFacets() {
    if (answer) renderFacets(facetBody, answer.facets, onToggle);
  }

  function drawActiveFilters() {
    const chips = [];
    for (const [facet, title] of FACETS) {
      for (const value of state.filters[facet]) {
        const label = facet === 'glossary' ? findGlossaryLabel(answer?.facets?.glossary, value) ?? value
          : valueLabel(facet, { value });
        chips.push(h('li', {}, h('button', { type: 'button', class: 'chip chip-filter',
                                            'aria-label': `Remove filter ${title}: ${label}`,
                                            onclick: () => navigate(searchHref(toggled(state, facet, value, false))) },
          h('span', { class: 'chip-facet' }, `${title}:`), ` ${label}`, h('span', { 'aria-hidden': 'true', class: 'chip-x' }, '×'))));
      }
    }
    const n = chips.length;
    toggle.querySelector('span').textContent = n ? `Filters (${n})` : 'Filters';
    replace(active, n ? [h('ul', { class: 'chips', 'aria-label': 'Active filters' }, chips),
      h('a', { class: 'clear-filters', href: searchHref({ ...state, filters: emptyFilters(), page: 1 }) },
        'Clear all filters')] : null);
  }

  function drawAnswer() {
    count.textContent = countText(answer);
    const noteParts = [];
    if (answer.corrected) {
      noteParts.push(h('p', { class: 'did-you-mean' }, 'Nothing has every word of “', state.q,
        '”; showing results for ', h('strong', {}, answer.corrected_query), '.'));
    } else if (answer.corrected_query) {
      noteParts.push(h('p', { class: 'did-you-mean' }, 'Did you mean ',
        h('a', { href: searchHref(withChanges(state, { q: answer.corrected_query })) }, answer.corrected_query), '?'));
    }
    if (answer.relaxed) noteParts.push(h('p', { class: 'muted' }, 'Few or no assets have every word; those with some of them follow.'));
    replace(notes, noteParts);
    drawActiveFilters();
    drawFacets();
    const pages = lastPage(answer.total, PER_PAGE);
    if (!answer.hits.length) {
      const filtered = FACET_NAMES.some((facet) => state.filters[facet].length);
      replace(list, h('div', { class: 'empty-state' },
        h('p', { class: 'empty-title' }, answer.total ? 'There are no results on this page.' : state.q ? `Nothing matches “${state.q}”.` : 'No assets match these filters.'),
        answer.total ? h('p', {}, h('a', { href: searchHref({ ...state, page: 1 }) }, 'Go to the first page'))
          : h('p', {}, filtered ? 'Try removing a filter, or check the spelling of your search.' : 'Check the spelling, or try fewer or more general words.')));
      return;
    }
    const pageHref = (n) => searchHref({ ...state, page: n });
    const tagHref = (tag) => searchHref(withChanges(state, { filters: { ...state.filters, tags: [tag] } }));
    replace(list, h('ol', { class: 'result-list', start: String((answer.page - 1) * answer.per_page + 1) },
                    answer.hits.map((hit) => resultCard(hit, { tagHref }))),
            pagination(state.page, pages, pageHref));
  }

  async function run({ cause, keepFocus }) {
    state = readState(location.search);
    if (document.activeElement !== input || cause === 'pop' || cause === 'load') input.value = state.q;
    sort.value = state.sort;
    setTitle(state.q ? `${state.q} – Search` : 'Search');
    controller?.abort();
    controller = new AbortController();
    results.setAttribute('aria-busy', 'true');
    const params = stateQuery(state);
    params.set('facet_size', String(FACET_SIZE));
    try {
      answer = await api('search', { params, signal: controller.signal });
    } catch (error) {
      if (error.name === 'AbortError') return;
      answer = null;
      count.textContent = 'The search failed.';
      replace(notes);
      replace(list, errorBox(error, { title: error.field === 'q' ? 'The search could not be read' : 'The search failed' }));
      drawActiveFilters();
      results.removeAttribute('aria-busy');
      return;
    }
    results.removeAttribute('aria-busy');
    drawAnswer();
    if (cause === 'push' && !keepFocus) {
      results.focus({ preventScroll: true });
      results.scrollIntoView({ block: 'start' });
    }
  }

  return {
    name: 'search',
    /** Called on every navigation while this page is shown. */
    update(context) { run(context); },
    unmount() { controller?.abort(); },
  };
}
