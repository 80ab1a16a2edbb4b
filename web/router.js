// router: the page's own navigation. Page URLs are real paths (/, /asset/…, /glossaries…,
// /terms/…, /sign-in) that the server answers with index.html, so every state is a
// shareable link; moving between them uses history.pushState and re-renders without a
// reload, and back/forward (popstate) render the state they return to.

let renderer = null;

/** Paths the server answers with the page (others are files or the API). */
export function isPagePath(path) {
  return path === '/' || ['/asset/', '/glossaries', '/terms/', '/sign-in'].some((p) => path.startsWith(p));
}

/**
 * Starts routing: `render({cause})` is called now (cause 'load'), after navigate() ('push'
 * or 'replace') and on back/forward ('pop'). Page links (<a href> to a page path, plain
 * left click) are followed with navigate() instead of a reload.
 */
export function startRouter(render) {
  renderer = render;
  window.addEventListener('popstate', () => renderer({ cause: 'pop' }));
  document.addEventListener('click', followLink);
  renderer({ cause: 'load' });
}

/**
 * Goes to `href` (a path with query, same origin): a new history entry, or the current one
 * replaced with `replace: true`; then renders. `keepFocus` tells the page that the user
 * changed state in place (a facet, a page of results), so focus should stay put.
 */
export function navigate(href, { replace = false, keepFocus = false } = {}) {
  const url = new URL(href, location.href);
  const target = url.pathname + url.search + url.hash;
  if (target === location.pathname + location.search + location.hash && !replace) {
    renderer?.({ cause: 'replace', keepFocus });
    return;
  }
  if (replace) history.replaceState(null, '', target);
  else history.pushState(null, '', target);
  renderer?.({ cause: replace ? 'replace' : 'push', keepFocus });
}

function followLink(event) {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey ||
      event.shiftKey || event.altKey) return;
  const link = event.target.closest?.('a[href]');
  if (!link || (link.target && link.target !== '_self') || link.hasAttribute('download')) return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin || !isPagePath(url.pathname)) return;
  event.preventDefault();
  // A link to a spot in this page (a skip link) moves focus there without a history entry.
  if (url.pathname === location.pathname && url.search === location.search && url.hash) {
    const target = document.getElementById(decodeURIComponent(url.hash.slice(1)));
    if (target) {
      if (!target.matches('a[href], button, input, select, textarea, [tabindex]')) target.setAttribute('tabindex', '-1');
      target.focus();
      target.scrollIntoView({ block: 'start' });
    }
    return;
  }
  navigate(url.pathname + url.search + url.hash, { keepFocus: link.hasAttribute('data-keep-focus') });
}
