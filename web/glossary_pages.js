// glossary_pages: the list of glossaries (/glossaries, with a create form for glossary
// managers and admins) and one glossary's tree of categories and terms
// (/glossaries/<id>), which its owner team and admins may edit in place.

import { api } from './api.js';
import { h, replace, errorBox, statusBox, loading, setTitle, pageReady } from './dom.js';
import { icon } from './icons.js';
import { navigate } from './router.js';
import { session, ownsGlossary, canCreateGlossary } from './session.js';
import { nodeForm } from './node_form.js';

/**
 * The heading block of a glossary's pages: breadcrumb, title, description, owner and the
 * Terms / Review queue tabs (`tab` is 'terms' or 'queue'). `extra` goes under the title.
 */
export function glossaryHeader(glossary, tab, extra = null) {
  const tabLink = (name, href, text) => h('a', { href, class: `tab${tab === name ? ' current' : ''}`,
                                                 'aria-current': tab === name ? 'page' : null }, text);
  return [
    h('nav', { class: 'breadcrumb', 'aria-label': 'Breadcrumb' }, h('ol', {},
      h('li', {}, h('a', { href: '/glossaries' }, 'Glossaries')),
      h('li', {}, tab === 'terms' ? h('span', { 'aria-current': 'page' }, glossary.label)
        : h('a', { href: `/glossaries/${glossary.id}` }, glossary.label)),
      tab === 'queue' ? h('li', {}, h('span', { 'aria-current': 'page' }, 'Review queue')) : null)),
    h('div', { class: 'glossary-header' },
      h('div', { class: 'card-icon large kind-glossary' }, icon('glossary')),
      h('div', {},
        h('h1', { class: 'page-title' }, tab === 'queue' ? `Review queue: ${glossary.label}` : glossary.label),
        glossary.description ? h('p', { class: 'lead' }, glossary.description) : null,
        h('p', { class: 'muted small' }, 'Owned by ', h('strong', {}, glossary.owner)),
        extra)),
    h('nav', { class: 'tabs', 'aria-label': 'Glossary sections' },
      tabLink('terms', `/glossaries/${glossary.id}`, 'Terms'),
      tabLink('queue', `/glossaries/${glossary.id}/queue`, 'Review queue')),
  ];
}

/** Mounts the list of glossaries. */
export function mountList(main) {
  setTitle('Glossaries');
  let alive = true;
  replace(main, h('h1', { class: 'page-title' }, 'Glossaries'), loading());
  load();

  async function load() {
    let answer;
    try {
      answer = await api('glossaries');
    } catch (error) {
      if (alive) replace(main, h('h1', { class: 'page-title' }, 'Glossaries'), errorBox(error));
      return;
    }
    if (!alive) return;
    const create = canCreateGlossary() ? createControl() : null;
    replace(main,
      h('div', { class: 'page-head' }, h('h1', { class: 'page-title' }, 'Glossaries'), create?.button),
      h('p', { class: 'lead' }, 'Business glossaries define the words the company uses. Their terms are linked to assets once the glossary’s owners approve.'),
      create?.area,
      answer.glossaries.length
        ? h('ul', { class: 'glossary-list' }, answer.glossaries.map((g) => h('li', { class: 'card' },
            h('div', { class: 'card-icon kind-glossary' }, icon('glossary')),
            h('div', { class: 'card-body' },
              h('h2', { class: 'card-title' }, h('a', { href: `/glossaries/${g.id}` }, g.label)),
              g.description ? h('p', {}, g.description) : null,
              h('p', { class: 'muted small' }, `Owned by ${g.owner}`)))))
        : h('p', { class: 'empty-state' }, 'There are no glossaries yet.'));
    pageReady(main);
  }

  function createControl() {
    const area = h('div', { class: 'create-area' });
    const button = h('button', { type: 'button', class: 'button button-primary', 'aria-expanded': 'false',
                                 'aria-controls': 'create-glossary', onclick: () => open() }, 'New glossary');
    function close() {
      replace(area);
      button.setAttribute('aria-expanded', 'false');
      button.focus();
    }
    function open() {
      if (area.firstChild) return;
      button.setAttribute('aria-expanded', 'true');
      const owner = h('input', { id: 'glossary-owner', class: 'input', list: 'my-groups', required: true, autocomplete: 'off',
                                 value: session().groups.find((g) => g !== session().glossary_manager_group) ?? '' });
      const form = nodeForm({
        node: null, kinds: ['glossary'], submitLabel: 'Create glossary', cancel: close,
        submit: async (values) => {
          const created = await api('glossaries', { method: 'POST',
            body: { label: values.label, description: values.description, owner: owner.value.trim() } });
          navigate(`/glossaries/${created.id}`);
        },
      });
      form.id = 'create-glossary';
      form.setAttribute('aria-label', 'New glossary');
      form.querySelector('.field').after(h('div', { class: 'field' },
        h('label', { for: owner.id }, 'Owner team'), owner,
        h('datalist', { id: 'my-groups' }, session().groups.map((g) => h('option', { value: g }))),
        h('p', { class: 'muted small' }, 'The team that will edit the glossary and approve links to its terms.')));
      replace(area, h('section', { class: 'panel', 'aria-label': 'New glossary' }, h('h2', {}, 'New glossary'), form));
      form.querySelector('input').focus();
    }
    return { area, button };
  }

  return { unmount() { alive = false; } };
}

/** Mounts the tree page of glossary `id`. */
export function mountGlossary(main, [id]) {
  setTitle('Glossary');
  let alive = true;
  let tree = null;
  let pending = null;
  const collapsed = new Set();
  const feedback = h('div', { class: 'feedback', 'aria-live': 'polite' });
  replace(main, loading());
  load();

  async function load(focusNode = null) {
    try {
      [tree, pending] = await Promise.all([
        api(`glossaries/${id}/tree`),
        api(`glossaries/${id}/associations`, { params: { status: 'pending' } }).catch(() => null),
      ]);
    } catch (error) {
      if (alive) {
        replace(main, h('h1', { class: 'page-title' }, error.status === 404 ? 'Glossary not found' : 'Could not load the glossary'), errorBox(error));
        pageReady(main);
      }
      return;
    }
    if (!alive) return;
    draw();
    if (focusNode) main.querySelector(`[data-node="${focusNode}"] .node-label`)?.focus();
  }

  const owner = () => ownsGlossary(tree);

  async function write(message, call, focusNode) {
    const result = await call();
    // The tree first: the message must not announce a change the page does not show yet.
    await load(focusNode ?? result?.id);
    replace(feedback, statusBox(message));
    return result;
  }

  function nodeRow(node) {
    const row = h('li', { class: `tree-node kind-${node.kind}`, dataset: { node: String(node.id) } });
    const children = node.children ?? [];
    const isOpen = !collapsed.has(node.id);
    const childList = children.length && node.kind !== 'term'
      ? h('ul', { class: 'tree', id: `children-${node.id}`, hidden: !isOpen }, children.map(nodeRow)) : null;
    const labelEl = node.kind === 'term'
      ? h('a', { class: 'node-label', href: `/terms/${node.id}` }, icon('term'), node.label)
      : childList
        ? h('button', { type: 'button', class: 'node-label tree-toggle', 'aria-expanded': String(isOpen), 'aria-controls': childList.id,
                        onclick: () => { if (isOpen) collapsed.add(node.id); else collapsed.delete(node.id); draw(node.id); } },
            h('span', { class: 'chevron', 'aria-hidden': 'true' }, isOpen ? '▾' : '▸'), icon('category'), node.label)
        : h('span', { class: 'node-label', tabindex: '-1' }, icon('category'), node.label);
    const line = h('div', { class: 'node-line' },
      h('div', { class: 'node-text' }, labelEl,
        node.kind === 'term' && node.synonyms?.length ? h('span', { class: 'muted small' }, ` (${node.synonyms.join(', ')})`) : null,
        node.description ? h('p', { class: 'node-description' }, node.description) : null),
      owner() ? nodeActions(node, row) : null);
    return append(row, line, childList);
  }

  function append(row, ...children) {
    for (const child of children) if (child) row.append(child);
    return row;
  }

  function showForm(row, form) {
    row.querySelectorAll(':scope > .node-form, :scope > .confirm').forEach((old) => old.remove());
    row.querySelector(':scope > .node-line').after(form);
    form.querySelector('input, select, textarea, button')?.focus();
  }

  function nodeActions(node, row) {
    const restore = (selector) => () => { row.querySelector(':scope > .node-form, :scope > .confirm')?.remove(); row.querySelector(selector)?.focus(); };
    const actions = h('div', { class: 'node-actions', role: 'group', 'aria-label': `Actions for ${node.label}` });
    const edit = h('button', { type: 'button', class: 'button button-small button-quiet', 'aria-label': `Edit ${node.label}`,
      onclick: () => showForm(row, nodeForm({ node, cancel: restore('[data-action="edit"]'),
        submit: (values) => write(`Saved “${values.label}”.`, () => api(`glossary-nodes/${node.id}`, { method: 'PATCH',
          body: { label: values.label, description: values.description, ...(node.kind === 'term' ? { synonyms: values.synonyms } : {}) } }), node.id) })),
      dataset: { action: 'edit' } }, 'Edit');
    actions.append(edit);
    if (node.kind !== 'term') {
      actions.append(h('button', { type: 'button', class: 'button button-small button-quiet', 'aria-label': `Add to ${node.label}`, dataset: { action: 'add' },
        onclick: () => showForm(row, nodeForm({ cancel: restore('[data-action="add"]'),
          submit: (values) => write(`Added the ${values.kind} “${values.label}”.`, () => api(`glossaries/${tree.id}/nodes`, { method: 'POST',
            body: { kind: values.kind, label: values.label, description: values.description, parent: node.id,
                    ...(values.kind === 'term' ? { synonyms: values.synonyms } : {}) } })) })) }, 'Add'));
    }
    actions.append(h('button', { type: 'button', class: 'button button-small button-quiet button-danger', 'aria-label': `Delete ${node.label}`, dataset: { action: 'delete' },
      onclick: () => showForm(row, confirmDelete(node, restore('[data-action="delete"]'))) }, 'Delete'));
    return actions;
  }

  function confirmDelete(node, cancel) {
    const what = node.kind === 'term' ? 'the term' : node.kind === 'category' ? 'the category' : 'the glossary';
    const feedbackBox = h('div', { class: 'feedback' });
    return h('div', { class: 'confirm', role: 'group', 'aria-label': `Confirm deleting ${node.label}`,
                      onkeydown: (event) => { if (event.key === 'Escape') cancel(); } },
      h('p', {}, `Delete ${what} “${node.label}”${node.kind === 'term' ? '' : ' and everything in it'}? Its links to assets are removed too.`),
      feedbackBox,
      h('div', { class: 'form-actions' },
        h('button', { type: 'button', class: 'button button-small button-danger-solid', onclick: async () => {
          try {
            if (node.kind === 'glossary') {
              await api(`glossaries/${node.id}`, { method: 'DELETE' });
              navigate('/glossaries');
            } else {
              await write(`Deleted “${node.label}”.`, () => api(`glossary-nodes/${node.id}`, { method: 'DELETE' }), node.parent_id);
            }
          } catch (error) {
            replace(feedbackBox, errorBox(error, { title: 'Not deleted' }));
          }
        } }, `Delete ${node.label}`),
        h('button', { type: 'button', class: 'button button-small', onclick: cancel }, 'Cancel')));
  }

  function draw(focusToggle = null) {
    setTitle(tree.label);
    const count = pending?.associations?.length ?? 0;
    const rootLine = h('div', { class: 'node-line' }, h('h2', { class: 'node-label', tabindex: '-1' }, 'Categories and terms'));
    const root = h('div', { class: 'tree-root', dataset: { node: String(tree.id) } }, rootLine);
    if (owner()) rootLine.append(nodeActions(tree, root));
    const children = tree.children ?? [];
    replace(main,
      glossaryHeader(tree, 'terms', count ? h('p', { class: 'small' }, h('a', { href: `/glossaries/${tree.id}/queue` }, `${count} link${count === 1 ? '' : 's'} waiting for review`)) : null),
      feedback,
      h('section', { class: 'panel', 'aria-label': 'Categories and terms' }, root,
        children.length ? h('ul', { class: 'tree tree-top' }, children.map(nodeRow)) : h('p', { class: 'muted' }, 'This glossary is empty.'),
        !owner() ? h('p', { class: 'muted small' }, session().anonymous
          ? ['Sign in as a member of ', h('strong', {}, tree.owner), ' to edit this glossary.']
          : `Only the owner team (${tree.owner}) or an admin may edit this glossary.`) : null));
    if (focusToggle) main.querySelector(`[data-node="${focusToggle}"] .tree-toggle`)?.focus();
    pageReady(main);
  }

  return { unmount() { alive = false; } };
}
