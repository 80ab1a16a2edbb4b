// sign_in: the /sign-in page. A user pastes an access token (from `datacat token create`);
// it is checked with GET /api/v1/me, then kept in this tab's sessionStorage and sent on
// every call. Behind an SSO proxy the server already knows the user: the page shows who.
// `?next=/path` is where to go after signing in.

import { h, replace, errorBox, setTitle, pageReady, isLocalPath } from './dom.js';
import { navigate } from './router.js';
import { session, signInWithToken, signOut } from './session.js';

/** Where to go after signing in: a page path from `?next=`, else the search page. */
function nextPath() {
  const next = new URLSearchParams(location.search).get('next') ?? '/';
  return isLocalPath(next) && !next.startsWith('/sign-in') ? next : '/';
}

/** Mounts the sign-in page. */
export function mount(main) {
  setTitle('Sign in');
  const s = session();
  if (!s.anonymous) {
    replace(main,
      h('h1', { class: 'page-title' }, 'Signed in'),
      h('section', { class: 'panel narrow' },
        h('p', {}, 'You are signed in as ', h('strong', { id: 'signed-in-user' }, s.user),
          s.viaToken ? ' with an access token.' : ' through your organisation’s single sign-on.'),
        h('dl', { class: 'facts' },
          h('div', { class: 'fact' }, h('dt', {}, 'Groups'), h('dd', {}, s.groups.length ? s.groups.join(', ') : 'none')),
          h('div', { class: 'fact' }, h('dt', {}, 'Administrator'), h('dd', {}, s.admin ? 'yes' : 'no')),
          h('div', { class: 'fact' }, h('dt', {}, 'Glossary manager'), h('dd', {}, s.glossary_manager ? 'yes' : 'no'))),
        s.viaToken
          ? h('button', { type: 'button', class: 'button', onclick: () => signOut() }, 'Sign out')
          : h('p', { class: 'muted small' }, 'To sign out, sign out of your organisation’s single sign-on.'),
        h('p', {}, h('a', { href: nextPath() }, 'Continue to the catalog'))));
    return {};
  }

  const token = h('input', { type: 'password', id: 'token', name: 'token', class: 'input', required: true,
                             autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'token-help' });
  const feedback = h('div', { class: 'feedback' });
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, 'Sign in');
  const form = h('form', { class: 'panel narrow', 'aria-labelledby': 'token-heading',
    onsubmit: async (event) => {
      event.preventDefault();
      submit.disabled = true;
      replace(feedback);
      try {
        await signInWithToken(token.value.trim());
        navigate(nextPath(), { replace: true });
      } catch (error) {
        submit.disabled = false;
        replace(feedback, errorBox(error.status === 401 ? { message: `The server refused this token: ${error.message}` } : error,
                                   { title: 'Not signed in' }));
        token.setAttribute('aria-invalid', 'true');
        token.focus();
      }
    } },
    h('h2', { id: 'token-heading' }, 'With an access token'),
    h('div', { class: 'field' },
      h('label', { for: 'token' }, 'Access token'), token,
      h('p', { id: 'token-help', class: 'muted small' },
        'A token made with ', h('code', {}, 'datacat token create'), ' (it starts with ', h('code', {}, 'dct_'),
        '). It is kept in this browser tab only and forgotten when you sign out or close the tab.')),
    feedback,
    h('div', { class: 'form-actions' }, submit));

  replace(main,
    h('h1', { class: 'page-title' }, 'Sign in'),
    h('p', { class: 'lead' }, 'You are browsing the catalog anonymously. Sign in to propose glossary terms, review links and edit glossaries.'),
    form,
    h('section', { class: 'panel narrow', 'aria-labelledby': 'sso-heading' },
      h('h2', { id: 'sso-heading' }, 'With single sign-on'),
      h('p', {}, 'When your organisation’s proxy signs you in, the catalog knows you without a token and this page shows who you are. ',
        'It does not know you now.')));
  pageReady(main);
  return {};
}
