// dom: small helpers to build the page from DOM nodes. Text from the server is always
// inserted as text nodes; the only markup taken from the server is the <mark> of search
// snippets, which snippetNodes() rebuilds as elements without ever parsing HTML.

/**
 * Creates an element. `props`: `class` (string), `on<event>` (listener functions),
 * `hidden`, `checked`, `disabled`, `value`, `selected` (set as properties), `dataset`
 * (object), any other key as an attribute (skipped when null, undefined or false; `true`
 * gives an empty attribute). `children`: nodes, strings (as text), arrays, null/false
 * (skipped).
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') element.className = value;
    else if (key === 'dataset') Object.assign(element.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') element.addEventListener(key.slice(2), value);
    else if (['hidden', 'checked', 'disabled', 'value', 'selected'].includes(key)) element[key] = value;
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

/** Appends children to `parent` with the same rules as h(); returns `parent`. */
export function append(parent, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces every child of `parent` with `children` (rules of h()); returns `parent`. */
export function replace(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", '#x27': "'", '#34': '"' };

function unescapeHtml(text) {
  return text.replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (whole, name) => {
    const lower = name.toLowerCase();
    if (lower in ENTITIES) return ENTITIES[lower];
    if (lower.startsWith('#x')) return safeCodePoint(parseInt(lower.slice(2), 16), whole);
    if (lower.startsWith('#')) return safeCodePoint(parseInt(lower.slice(1), 10), whole);
    return whole;
  });
}

function safeCodePoint(code, fallback) {
  try {
    return String.fromCodePoint(code);
  } catch {
    return fallback;
  }
}

/**
 * A search snippet (HTML-escaped text whose matches are wrapped in <mark>…</mark>) as a
 * DocumentFragment of text nodes and <mark> elements. Nothing else is ever interpreted as
 * markup: any other tag stays visible text. Markdown emphasis and code marks (`**`, `` ` ``)
 * of the description the snippet comes from are dropped: a snippet is plain text.
 */
export function snippetNodes(snippet) {
  const fragment = document.createDocumentFragment();
  let marked = false;
  for (const part of String(snippet ?? '').split(/(<\/?mark>)/)) {
    if (part === '<mark>') marked = true;
    else if (part === '</mark>') marked = false;
    else if (part) {
      const text = unescapeHtml(part).replace(/\*\*|`/g, '');
      if (text) fragment.append(marked ? h('mark', {}, text) : text);
    }
  }
  return fragment;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A <time> element showing an RFC 3339 timestamp as a date (or date and time). */
export function timeElement(iso, { withTime = false } = {}) {
  if (!iso) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return document.createTextNode(iso);
  return h('time', { datetime: iso, title: date.toISOString() },
           (withTime ? dateTimeFormat : dateFormat).format(date));
}

/** The path of the page of an asset. */
export const assetPath = (uri) => `/asset/${encodeURIComponent(uri)}`;

/**
 * Whether `path` is a path on this site: it starts with "/" and, resolved as the browser
 * resolves links, stays on this origin ("//host", "/\\host" and tabs or line breaks in
 * between would leave it).
 */
export function isLocalPath(path) {
  if (typeof path !== 'string' || !path.startsWith('/')) return false;
  try {
    return new URL(path, location.origin).origin === location.origin;
  } catch {
    return false;
  }
}

/** A link to the sign-in page that comes back to the current page. */
export function signInLink(text = 'Sign in') {
  const next = location.pathname + location.search;
  return h('a', { href: `/sign-in?next=${encodeURIComponent(next)}` }, text);
}

/**
 * A message box for an error (an ApiError or any Error): role=alert. A 401 says the user
 * must sign in and links to the sign-in page; a 403 says the server refused.
 */
export function errorBox(error, { title } = {}) {
  const status = error?.status;
  let heading = title ?? 'Something went wrong';
  let detail = [error?.message ?? String(error)];
  if (status === 401) {
    heading = 'Sign in needed';
    detail = ['The catalog needs to know who you are for this. ', signInLink('Sign in'),
              ' with an access token, then try again.',
              error?.message ? h('span', { class: 'error-detail' }, ` (Server: ${error.message})`) : null];
  } else if (status === 403) {
    heading = title ?? 'Not allowed';
  } else if (status === 404) {
    heading = title ?? 'Not found';
  }
  return h('div', { class: 'message message-error', role: 'alert' },
           h('p', { class: 'message-title' }, heading), h('p', {}, detail));
}

/** A polite status message (role=status), e.g. after a successful write. */
export const statusBox = (text) => h('div', { class: 'message message-ok', role: 'status' }, text);

/** A "Loading…" placeholder. */
export const loading = (text = 'Loading…') => h('p', { class: 'loading', role: 'status' }, text);

/** Sets the document title: "<title> · datacat". */
export function setTitle(title) {
  document.title = title ? `${title} · datacat` : 'datacat';
}

let idCounter = 0;
/** A new unique element id with the given prefix. */
export const uniqueId = (prefix) => `${prefix}-${++idCounter}`;

let headingFocusPending = false;

/** Asks that the next pageReady() move focus to the page's <h1> (after a navigation). */
export function requestHeadingFocus(wanted = true) {
  headingFocusPending = wanted;
}

/**
 * Called by a page once its content (and <h1>) is drawn: focuses the <h1> if a navigation
 * asked for it, so keyboard and screen reader users start at the new page's title.
 */
export function pageReady(container) {
  if (!headingFocusPending) return;
  const heading = container.querySelector('h1');
  if (!heading) return;
  headingFocusPending = false;
  heading.setAttribute('tabindex', '-1');
  heading.focus({ preventScroll: true });
}
