// term_picker: proposing glossary terms for an asset. A search field lists terms from
// GET /api/v1/glossary-search with their glossary, description and synonyms, each with a
// button that proposes the link (POST /api/v1/associations). The server decides; its
// refusal is shown as it says it.

import { api } from './api.js';
import { h, replace, errorBox, statusBox, uniqueId } from './dom.js';

const STATUS_WORDS = { pending: 'Pending review', approved: 'Linked', dismissed: 'Propose again' };

/**
 * The proposal form for `asset` (a uri). `glossaries` maps glossary ids to labels;
 * `links()` returns the asset's current links (to show which terms are already linked);
 * `onProposed(link)` is called after a successful proposal. Returns a <section>.
 */
export function termPicker(asset, { glossaries, links, onProposed }) {
  const inputId = uniqueId('term-search');
  const input = h('input', { type: 'search', id: inputId, class: 'input', autocomplete: 'off',
                             placeholder: 'e.g. revenue, churn, SKU', 'aria-describedby': `${inputId}-help` });
  const count = h('p', { class: 'muted small', 'aria-live': 'polite' });
  const list = h('ul', { class: 'term-results', 'aria-label': 'Matching terms' });
  const feedback = h('div', { class: 'feedback' });
  let timer = null;
  let controller = null;

  function row(term) {
    const link = links().find((one) => one.term.id === term.id);
    const taken = link && link.status !== 'dismissed';
    const button = h('button', { type: 'button', class: 'button button-small', disabled: taken,
                                 'aria-label': taken ? `${term.label}: ${STATUS_WORDS[link.status]}` : `Propose ${term.label}`,
                                 onclick: () => propose(term, button) },
                     taken ? STATUS_WORDS[link.status] : link ? 'Propose again' : 'Propose');
    return h('li', { class: 'term-result' },
      h('div', { class: 'term-result-text' },
        h('p', { class: 'term-result-title' }, h('a', { href: `/terms/${term.id}` }, term.label),
          h('span', { class: 'muted small' }, ` · ${glossaries.get(term.glossary_id) ?? 'Glossary'}`)),
        term.description ? h('p', { class: 'term-description' }, term.description) : null,
        term.synonyms?.length ? h('p', { class: 'muted small' }, `Also: ${term.synonyms.join(', ')}`) : null),
      button);
  }

  async function search() {
    controller?.abort();
    if (!input.value.trim()) {
      count.textContent = '';
      replace(list);
      return;
    }
    controller = new AbortController();
    try {
      const answer = await api('glossary-search', { params: { q: input.value.trim(), limit: 6 }, signal: controller.signal });
      count.textContent = answer.terms.length ? `${answer.terms.length} term${answer.terms.length === 1 ? '' : 's'} found` : 'No term matches.';
      replace(list, answer.terms.map(row));
    } catch (error) {
      if (error.name !== 'AbortError') replace(list, h('li', {}, errorBox(error)));
    }
  }

  async function propose(term, button) {
    button.disabled = true;
    replace(feedback);
    try {
      const link = await api('associations', { method: 'POST', body: { term: term.id, asset } });
      button.textContent = STATUS_WORDS.pending;
      button.setAttribute('aria-label', `${term.label}: ${STATUS_WORDS.pending}`);
      const done = statusBox(`Proposed “${term.label}”. The glossary's owners will review it.`);
      done.setAttribute('tabindex', '-1');
      replace(feedback, done);
      done.focus();
      await onProposed(link);
    } catch (error) {
      button.disabled = false;
      replace(feedback, errorBox(error, { title: `Could not propose “${term.label}”` }));
    }
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(search, 150);
  });

  const body = h('div', { class: 'propose-body', id: `${inputId}-body`, hidden: true },
    h('label', { for: inputId, class: 'field-label' }, 'Find a glossary term'),
    input,
    h('p', { id: `${inputId}-help`, class: 'muted small' }, 'Type a word of the term, its description or a synonym. A proposed link appears on the asset once the glossary’s owners approve it.'),
    count, feedback, list);
  const toggle = h('button', { type: 'button', class: 'button button-small', 'aria-expanded': 'false', 'aria-controls': body.id,
                               onclick: () => {
                                 const open = body.hidden;
                                 body.hidden = !open;
                                 toggle.setAttribute('aria-expanded', String(open));
                                 if (open) input.focus();
                               } }, 'Propose a term');
  return h('section', { class: 'propose', 'aria-label': 'Propose a term' }, toggle, body);
}
