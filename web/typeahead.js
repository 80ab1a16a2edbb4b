// typeahead: the ARIA 1.2 combobox pattern (an editable input with a listbox popup) for
// the search box. Focus stays in the input; the active option is announced through
// aria-activedescendant. Keys: ArrowDown/ArrowUp move through the options (opening the
// list), Enter chooses the active option (without one, the form submits as usual),
// Escape closes the list (or, when it is closed, clears the input), Tab closes it.

import { h, uniqueId } from './dom.js';

/**
 * Makes `input` a combobox whose listbox is inserted right after it.
 * - `suggest(text, signal)`: resolves to the items for the text typed (an array);
 * - `renderOption(item)`: the content of one option (nodes or text);
 * - `onChoose(item)`: called when an option is chosen (Enter or click).
 * Returns `{ close() }`.
 */
export function createTypeahead(input, { suggest, renderOption, onChoose, label = 'Suggestions', delay = 120 }) {
  const listbox = h('ul', { id: uniqueId('listbox'), role: 'listbox', class: 'typeahead-list',
                            'aria-label': label, hidden: true });
  input.after(listbox);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', listbox.id);
  input.setAttribute('autocomplete', 'off');

  let items = [];
  let active = -1;
  let timer = null;
  let controller = null;

  function setActive(index) {
    active = index;
    listbox.querySelectorAll('[role="option"]').forEach((option, i) => {
      option.setAttribute('aria-selected', String(i === index));
      option.classList.toggle('active', i === index);
      if (i === index) option.scrollIntoView({ block: 'nearest' });
    });
    if (index >= 0) input.setAttribute('aria-activedescendant', `${listbox.id}-${index}`);
    else input.removeAttribute('aria-activedescendant');
  }

  function open() {
    if (!items.length) return;
    listbox.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  }

  function close() {
    listbox.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    setActive(-1);
  }

  function show(newItems) {
    items = newItems;
    listbox.replaceChildren(...items.map((item, i) =>
      h('li', { id: `${listbox.id}-${i}`, role: 'option', class: 'typeahead-option', 'aria-selected': 'false',
                onmousedown: (event) => event.preventDefault(),
                onclick: () => choose(i) },
        renderOption(item))));
    active = -1;
    input.removeAttribute('aria-activedescendant');
    if (items.length && document.activeElement === input) open();
    else close();
  }

  function choose(index) {
    const item = items[index];
    clearTimeout(timer);
    controller?.abort();
    close();
    if (item) onChoose(item);
  }

  async function refresh() {
    controller?.abort();
    const text = input.value;
    if (!text.trim()) {
      show([]);
      return;
    }
    controller = new AbortController();
    try {
      show(await suggest(text, controller.signal));
    } catch (error) {
      if (error.name !== 'AbortError') show([]);
    }
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, delay);
  });

  input.addEventListener('keydown', (event) => {
    const isOpen = !listbox.hidden;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!items.length) {
          clearTimeout(timer);
          refresh();
        } else if (!isOpen) {
          open();
          setActive(0);
        } else {
          setActive(active + 1 < items.length ? active + 1 : 0);
        }
        break;
      case 'ArrowUp':
        event.preventDefault();
        if (!items.length) break;
        if (!isOpen) open();
        setActive(active > 0 ? active - 1 : items.length - 1);
        break;
      case 'Enter':
        if (isOpen && active >= 0) {
          event.preventDefault();
          choose(active);
        } else {
          clearTimeout(timer);
          controller?.abort();
          close();
        }
        break;
      case 'Escape':
        if (isOpen) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = '';
          show([]);
        }
        break;
      case 'Tab':
        close();
        break;
      default:
    }
  });

  input.addEventListener('blur', close);

  return {
    close() {
      clearTimeout(timer);
      controller?.abort();
      close();
    },
  };
}
