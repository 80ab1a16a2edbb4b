// facets: the filter sidebar of the search page. Each facet is a fieldset of checkboxes
// with counts (disjunctive counts come from the server); the glossary facet is a tree of
// glossaries, categories and terms. Long lists show their first values and a button
// for the rest.

import { h, replace } from './dom.js';
import { icon, TYPE_NAMES } from './icons.js';

/** Facets in sidebar order with their headings. */
export const FACETS = [
  ['type', 'Type'], ['tags', 'Tags'], ['topics', 'Topics'], ['glossary', 'Glossary'],
  ['owner', 'Owner'], ['region', 'Region'], ['classification', 'Classification'],
  ['environment', 'Environment'], ['organization', 'Organization'],
];

const SHOWN = 6;
const expanded = new Set(); // facets whose full list the user opened

/** The label of a value: type names are capitalised, glossary values carry their label. */
export function valueLabel(facet, value) {
  if (facet === 'type') return TYPE_NAMES[value.value] ?? value.value;
  if (facet === 'glossary') return value.label ?? value.value;
  return value.value === '' ? '(none)' : value.value;
}

function checkbox(facet, value, onToggle) {
  const id = `facet-${facet}-${value.value}`.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0)}`);
  const kind = facet === 'glossary' ? value.kind : null;
  return h('div', { class: `facet-value${value.selected ? ' selected' : ''}` },
    h('input', { type: 'checkbox', id, checked: value.selected, dataset: { facet, value: value.value },
                 onchange: (event) => onToggle(facet, value.value, event.target.checked) }),
    h('label', { for: id },
      facet === 'type' ? icon(value.value, 'facet-icon') : null,
      kind ? icon(kind, 'facet-icon') : null,
      h('span', { class: 'facet-label' }, valueLabel(facet, value),
        kind ? h('span', { class: 'visually-hidden' }, ` (${kind})`) : null),
      h('span', { class: 'facet-count' }, String(value.count))));
}

function glossaryTree(values, onToggle) {
  return h('ul', { class: 'facet-tree' },
    values.map((value) => h('li', {},
      checkbox('glossary', value, onToggle),
      value.children?.length ? glossaryTree(value.children, onToggle) : null)));
}

function facetList(facet, values, onToggle) {
  if (facet === 'glossary') return [glossaryTree(values, onToggle)];
  const open = expanded.has(facet);
  const shown = values.filter((value, i) => open || i < SHOWN || value.selected);
  const hiddenCount = values.length - shown.length;
  const list = h('ul', { class: 'facet-values', id: `facet-list-${facet}` },
                 shown.map((value) => h('li', {}, checkbox(facet, value, onToggle))));
  const more = (hiddenCount > 0 || open) && values.length > SHOWN
    ? h('button', { type: 'button', class: 'link-button facet-more', 'aria-controls': list.id,
                    'aria-expanded': String(open),
                    onclick: (event) => {
                      if (open) expanded.delete(facet); else expanded.add(facet);
                      event.currentTarget.dispatchEvent(new CustomEvent('facet-expand', { bubbles: true }));
                    } },
        open ? 'Show fewer' : `Show ${hiddenCount} more`)
    : null;
  return [list, more];
}

/**
 * Renders `facets` (the `facets` object of a search answer) into `container`.
 * `onToggle(facet, value, checked)` is called when a checkbox changes. Keeps keyboard focus
 * on the same checkbox (or show-more button) across re-renders.
 */
export function renderFacets(container, facets, onToggle) {
  const focused = document.activeElement;
  const focusKey = container.contains(focused)
    ? (focused.dataset.facet ? `[data-facet="${CSS.escape(focused.dataset.facet)}"][data-value="${CSS.escape(focused.dataset.value)}"]`
      : focused.getAttribute('aria-controls') ? `[aria-controls="${CSS.escape(focused.getAttribute('aria-controls'))}"]` : null)
    : null;
  const groups = FACETS.filter(([facet]) => facets?.[facet]?.length).map(([facet, title]) =>
    h('fieldset', { class: `facet facet-${facet}` },
      h('legend', {}, title),
      facetList(facet, facets[facet], onToggle)));
  replace(container, groups.length ? groups : h('p', { class: 'muted' }, 'No filters for these results.'));
  if (focusKey) container.querySelector(focusKey)?.focus();
}

/** Finds the label of a glossary node id in the (nested) glossary facet, or null. */
export function findGlossaryLabel(values, id) {
  for (const value of values ?? []) {
    if (value.value === id) return value.label;
    const found = findGlossaryLabel(value.children, id);
    if (found) return found;
  }
  return null;
}
