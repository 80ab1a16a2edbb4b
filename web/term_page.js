// term_page: one glossary term at /terms/<id>: where it sits in its glossary, its
// description and synonyms, and the assets it is approved for. The glossary's owner team
// and admins may edit it here.

import { api } from './api.js';
import { h, replace, errorBox, statusBox, loading, setTitle, assetPath, pageReady } from './dom.js';
import { icon, TYPE_NAMES } from './icons.js';
import { markdown } from './markdown.js';
import { ownsGlossary } from './session.js';
import { nodeForm } from './node_form.js';

function pathTo(node, id, trail = []) {
  if (node.id === id) return trail;
  for (const child of node.children ?? []) {
    const found = pathTo(child, id, [...trail, node]);
    if (found) return found;
  }
  return null;
}

/** Mounts the page of term `id`. */
export function mount(main, [id]) {
  setTitle('Term');
  let alive = true;
  const feedback = h('div', { class: 'feedback', 'aria-live': 'polite' });
  replace(main, loading());
  load();

  async function load(focusEdit = false) {
    let term, tree;
    try {
      term = await api(`terms/${id}`);
      tree = await api(`glossaries/${term.glossary_id}/tree`);
    } catch (error) {
      if (alive) {
        replace(main, h('h1', { class: 'page-title' }, error.status === 404 ? 'Term not found' : 'Could not load the term'), errorBox(error));
        pageReady(main);
      }
      return;
    }
    if (alive) draw(term, pathTo(tree, term.id) ?? [tree]);
    if (focusEdit) main.querySelector('#edit-term')?.focus();
  }

  function draw(term, trail) {
    setTitle(term.label);
    const editArea = h('div', {});
    const editButton = ownsGlossary(term)
      ? h('button', { type: 'button', id: 'edit-term', class: 'button button-small', 'aria-expanded': 'false',
                      onclick: () => {
                        editButton.setAttribute('aria-expanded', 'true');
                        const form = nodeForm({ node: term,
                          cancel: () => { replace(editArea); editButton.setAttribute('aria-expanded', 'false'); editButton.focus(); },
                          submit: async (values) => {
                            await api(`glossary-nodes/${term.id}`, { method: 'PATCH',
                              body: { label: values.label, description: values.description, synonyms: values.synonyms } });
                            await load(true);  // the page first, then the message
                            replace(feedback, statusBox(`Saved “${values.label}”.`));
                          } });
                        replace(editArea, form);
                        form.querySelector('input').focus();
                      } }, 'Edit term')
      : null;
    const description = markdown(term.description);
    replace(main, h('div', { class: 'single-column' },
      h('nav', { class: 'breadcrumb', 'aria-label': 'Breadcrumb' }, h('ol', {},
        h('li', {}, h('a', { href: '/glossaries' }, 'Glossaries')),
        trail.map((node) => h('li', {}, node.kind === 'glossary'
          ? h('a', { href: `/glossaries/${node.id}` }, node.label) : h('span', {}, node.label))),
        h('li', {}, h('span', { 'aria-current': 'page' }, term.label)))),
      h('div', { class: 'glossary-header' },
        h('div', { class: 'card-icon large kind-term' }, icon('term')),
        h('div', {},
          h('div', { class: 'page-head' }, h('h1', { class: 'page-title' }, term.label), editButton),
          h('p', { class: 'muted small' }, 'Term in ', h('a', { href: `/glossaries/${term.glossary_id}` }, trail[0]?.label ?? 'its glossary'),
            ' · owned by ', h('strong', {}, term.owner)))),
      feedback, editArea,
      h('div', { class: 'asset-main' },
        h('section', { class: 'panel', 'aria-labelledby': 'definition-heading' },
          h('h2', { id: 'definition-heading' }, 'Definition'),
          description.length ? h('div', { class: 'prose' }, description) : h('p', { class: 'muted' }, 'No description yet.'),
          term.synonyms?.length ? [h('h3', {}, 'Synonyms'),
            h('ul', { class: 'chips', 'aria-label': 'Synonyms' }, term.synonyms.map((s) => h('li', {}, h('span', { class: 'chip' }, s))))] : null),
        h('section', { class: 'panel', 'aria-labelledby': 'assets-heading' },
          h('h2', { id: 'assets-heading' }, `Linked assets (${term.assets.length})`),
          term.assets.length
            ? [h('ul', { class: 'child-list' }, term.assets.map((asset) => h('li', {},
                icon(asset.type), h('a', { href: assetPath(asset.uri) }, asset.label || asset.name),
                h('span', { class: 'muted small' }, ` ${TYPE_NAMES[asset.type] ?? asset.type} · `, h('span', { class: 'mono' }, asset.name))))),
               h('p', {}, h('a', { href: `/?glossary=${term.id}` }, 'Search the assets with this term'))]
            : h('p', { class: 'muted' }, 'No asset has an approved link to this term yet.')))));
    pageReady(main);
  }

  return { unmount() { alive = false; } };
}
