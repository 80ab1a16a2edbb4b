// node_form: the form that adds or edits a glossary node (glossary, category or term):
// label, description and, for terms, synonyms (comma-separated). The caller sends the
// values; the form shows the server's refusal next to the field it names.

import { h, replace, errorBox, uniqueId } from './dom.js';

/**
 * A <form> for a node. `node` is the node to edit (null to add one); `kinds` the kinds
 * that may be added (e.g. ['category', 'term']; ignored when editing). `submit(values)`
 * is awaited with `{kind, label, description, synonyms}` (synonyms only for terms) and
 * may throw an ApiError, which the form shows. `cancel()` is called on Cancel or Escape.
 */
export function nodeForm({ node = null, kinds = ['category', 'term'], submitLabel, submit, cancel }) {
  const id = uniqueId('node-form');
  const kind = node?.kind ?? kinds[0];
  const kindSelect = !node && kinds.length > 1
    ? h('select', { id: `${id}-kind`, name: 'kind' }, kinds.map((k) => h('option', { value: k, selected: k === kind }, k === 'term' ? 'Term' : 'Category')))
    : null;
  const label = h('input', { id: `${id}-label`, name: 'label', class: 'input', required: true, maxlength: '200',
                             value: node?.label ?? '', autocomplete: 'off' });
  const description = h('textarea', { id: `${id}-description`, name: 'description', class: 'input', rows: '3' });
  description.value = node?.description ?? '';
  const synonyms = h('input', { id: `${id}-synonyms`, name: 'synonyms', class: 'input', autocomplete: 'off',
                                value: (node?.synonyms ?? []).join(', '), 'aria-describedby': `${id}-synonyms-help` });
  const synonymsField = h('div', { class: 'field' },
    h('label', { for: synonyms.id }, 'Synonyms'), synonyms,
    h('p', { id: `${id}-synonyms-help`, class: 'muted small' }, 'Separate synonyms with commas.'));
  const currentKind = () => kindSelect?.value ?? kind;
  const showSynonyms = () => { synonymsField.hidden = currentKind() !== 'term'; };
  kindSelect?.addEventListener('change', showSynonyms);
  showSynonyms();
  const feedback = h('div', { class: 'feedback' });
  const save = h('button', { type: 'submit', class: 'button button-primary button-small' }, submitLabel ?? (node ? 'Save' : 'Add'));

  const form = h('form', { class: 'node-form', 'aria-label': node ? `Edit ${node.label}` : 'Add to the glossary',
                           onkeydown: (event) => { if (event.key === 'Escape') { event.preventDefault(); cancel(); } },
                           onsubmit: async (event) => {
                             event.preventDefault();
                             const values = { kind: currentKind(), label: label.value.trim(), description: description.value };
                             if (values.kind === 'term') {
                               values.synonyms = synonyms.value.split(',').map((s) => s.trim()).filter(Boolean);
                             }
                             save.disabled = true;
                             replace(feedback);
                             try {
                               await submit(values);
                             } catch (error) {
                               save.disabled = false;
                               replace(feedback, errorBox(error, { title: error.field ? `Check the ${error.field.replace(/\[\d+\]$/, '')}` : 'Not saved' }));
                               const field = { label, description, synonyms }[error.field?.replace(/\[\d+\]$/, '')];
                               field?.setAttribute('aria-invalid', 'true');
                               (field ?? label).focus();
                             }
                           } },
    kindSelect ? h('div', { class: 'field' }, h('label', { for: kindSelect.id }, 'Kind'), kindSelect) : null,
    h('div', { class: 'field' }, h('label', { for: label.id }, 'Label'), label),
    h('div', { class: 'field' }, h('label', { for: description.id }, 'Description'), description),
    synonymsField,
    feedback,
    h('div', { class: 'form-actions' }, save,
      h('button', { type: 'button', class: 'button button-small', onclick: () => cancel() }, 'Cancel')));
  return form;
}
