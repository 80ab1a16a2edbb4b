// session: who the caller is (GET /api/v1/me) and what the page may offer them. The
// server checks every write anyway; these checks only decide which controls to show.

import { api, getToken, setToken } from './api.js';

const ANONYMOUS = Object.freeze({ user: null, anonymous: true, groups: [], admin: false,
                                  glossary_manager: false, viaToken: false, refused: null });

let current = ANONYMOUS;
const listeners = new Set();

/** The last known session: `{user, anonymous, groups, admin, glossary_manager, viaToken, refused}`. */
export const session = () => current;

/** Calls `listener(session)` whenever the session changes; returns an unsubscribe function. */
export function onSessionChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function publish(next) {
  current = next;
  for (const listener of listeners) listener(current);
}

/**
 * Asks the server who the caller is and publishes it. A stored token that the server
 * refuses (401: revoked, malformed) is dropped and the session says so in `refused`
 * (the error message). Other failures leave the caller anonymous and rethrow.
 */
export async function loadSession() {
  const viaToken = Boolean(getToken());
  let refused = null;
  let me;
  try {
    me = await api('me');
  } catch (error) {
    if (error.status !== 401 || !viaToken) {
      publish(ANONYMOUS);
      throw error;
    }
    setToken(null);
    refused = error.message;
    me = await api('me').catch(() => ANONYMOUS);
  }
  publish({ ...ANONYMOUS, ...me, groups: me.groups ?? [], viaToken: viaToken && !refused, refused });
  return current;
}

/** Signs in with a token: resolves to the session, or rejects (token not kept) if refused. */
export async function signInWithToken(token) {
  const previous = getToken();
  setToken(token);
  try {
    const me = await api('me');
    publish({ ...ANONYMOUS, ...me, groups: me.groups ?? [], viaToken: true, refused: null });
    return current;
  } catch (error) {
    setToken(previous);
    throw error;
  }
}

/** Forgets the token and reloads the session (an SSO identity, if any, remains). */
export async function signOut() {
  setToken(null);
  return loadSession().catch(() => current);
}

const inGroup = (s, team) => Boolean(team) && s.groups.includes(team);

/** May the caller change `glossary` (any node of it carries `owner`) and decide its links? */
export function ownsGlossary(node, s = current) {
  return !s.anonymous && (s.admin || inGroup(s, node?.owner));
}

/** May the caller create glossaries? */
export const canCreateGlossary = (s = current) => !s.anonymous && (s.admin || s.glossary_manager);
