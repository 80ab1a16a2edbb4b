// app: starts the page. Loads who the caller is, draws the header's account control,
// and shows the page module that matches the URL (see router.js for navigation).
// Page modules export mount(main, params) → {update?(context), unmount?()}; update is
// called instead of a new mount when only the query string of the same page changed.

import { h, replace, signInLink, setTitle, requestHeadingFocus, pageReady } from './dom.js';
import { icon } from './icons.js';
import { startRouter, navigate } from './router.js';
import { session, loadSession, onSessionChange, signOut } from './session.js';
import * as searchPage from './search_page.js';
import * as assetPage from './asset_page.js';
import * as glossaryPages from './glossary_pages.js';
import * as termPage from './term_page.js';
import * as queuePage from './queue_page.js';
import * as signIn from './sign_in.js';

const ROUTES = [
  { name: 'search', pattern: /^\/$/, mount: searchPage.mount, nav: 'search' },
  { name: 'asset', pattern: /^\/asset\/(.+)$/, mount: assetPage.mount, nav: 'search' },
  { name: 'glossaries', pattern: /^\/glossaries\/?$/, mount: glossaryPages.mountList, nav: 'glossaries' },
  { name: 'glossary', pattern: /^\/glossaries\/(\d+)\/?$/, mount: glossaryPages.mountGlossary, nav: 'glossaries' },
  { name: 'queue', pattern: /^\/glossaries\/(\d+)\/queue\/?$/, mount: queuePage.mount, nav: 'glossaries' },
  { name: 'term', pattern: /^\/terms\/(\d+)\/?$/, mount: termPage.mount, nav: 'glossaries' },
  { name: 'sign-in', pattern: /^\/sign-in\/?$/, mount: signIn.mount, nav: 'sign-in' },
];

const main = document.getElementById('main');
let current = null; // {route, path, page}

function notFound(target) {
  setTitle('Page not found');
  replace(target, h('h1', { class: 'page-title' }, 'Page not found'),
    h('p', {}, 'There is no page at this address. ', h('a', { href: '/' }, 'Search the catalog'),
      ' or ', h('a', { href: '/glossaries' }, 'browse the glossaries'), '.'));
  return { name: 'not-found' };
}

function matchRoute(path) {
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (match) {
      try {
        return { route, params: match.slice(1).map(decodeURIComponent) };
      } catch {
        return null; // a malformed %-escape
      }
    }
  }
  return null;
}

function markNav(routeNav) {
  for (const link of document.querySelectorAll('.site-nav a')) {
    if (link.dataset.nav === routeNav) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function render({ cause, keepFocus = false, force = false }) {
  const path = location.pathname;
  const matched = matchRoute(path);
  if (!force && current && matched && current.route === matched.route.name && current.path === path && current.page.update) {
    current.page.update({ cause, keepFocus });
    return;
  }
  current?.page.unmount?.();
  const moved = (cause === 'push' || cause === 'pop') && !keepFocus;
  requestHeadingFocus(moved);
  if (cause === 'push' || cause === 'pop') window.scrollTo(0, 0);
  const page = matched ? matched.route.mount(main, matched.params, { cause }) : notFound(main);
  current = { route: matched?.route.name ?? 'not-found', path, page };
  markNav(matched?.route.nav);
  page.update?.({ cause, keepFocus: true });
  pageReady(main);
}

function drawAccount() {
  const box = document.getElementById('account');
  const s = session();
  if (s.anonymous) {
    replace(box, h('a', { class: 'button button-quiet', href: '/sign-in', id: 'sign-in-link',
                          onclick: (event) => {
                            event.preventDefault();
                            const next = location.pathname + location.search;
                            navigate(next.startsWith('/sign-in') ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`);
                          } }, 'Sign in'));
  } else {
    replace(box,
      h('a', { class: 'account-user', href: '/sign-in', title: s.groups.length ? `Groups: ${s.groups.join(', ')}` : null },
        icon('user'), h('span', { class: 'visually-hidden' }, 'Signed in as '), h('span', { class: 'account-name' }, s.user),
        s.admin ? h('span', { class: 'badge' }, 'admin') : null),
      s.viaToken ? h('button', { type: 'button', class: 'button button-quiet', id: 'sign-out',
                                 onclick: () => signOut() }, 'Sign out') : null);
  }
  const banner = document.getElementById('banner');
  replace(banner, s.refused
    ? h('div', { class: 'message message-error banner', role: 'alert' },
        h('p', {}, `Your access token was refused (${s.refused}) and has been forgotten. `, signInLink('Sign in again'), '.'))
    : null);
}

onSessionChange(() => {
  drawAccount();
  if (current) render({ cause: 'session', force: true });
});

loadSession().catch((error) => {
  replace(document.getElementById('banner'),
    h('div', { class: 'message message-error banner', role: 'alert' },
      h('p', {}, `Could not ask the catalog who you are: ${error.message}`)));
}).finally(() => {
  drawAccount();
  startRouter(render);
});
