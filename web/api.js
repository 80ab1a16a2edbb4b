// api: every call the page makes to datacat's JSON API goes through here.
// The signed-in token lives in sessionStorage (one browser tab, gone when it closes) and
// travels as `Authorization: Bearer <token>`; without one, the server may still know the
// caller from its SSO proxy headers, or treat them as anonymous.

const TOKEN_KEY = 'datacat.token';

/** The stored bearer token, or null. */
export function getToken() {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/** Stores the token sent on every later call; null removes it (signing out). */
export function setToken(token) {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/**
 * An error answer of the API: `status` is the HTTP status (0 when the server could not be
 * reached), `code`, `field` and `primary` come from the `{"error": {...}}` body when there
 * is one.
 */
export class ApiError extends Error {
  constructor(status, code, message, field, primary) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field ?? null;
    this.primary = primary ?? null;  // code read_only_replica: the primary's address
  }
}

/**
 * Builds `/api/v1/<path>?<params>`. `params` is an object (arrays repeat the key; null,
 * undefined and '' are left out) or a URLSearchParams, used as is.
 */
export function apiUrl(path, params) {
  let query = '';
  if (params instanceof URLSearchParams) {
    query = params.toString();
  } else if (params) {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      for (const one of Array.isArray(value) ? value : [value]) {
        if (one !== null && one !== undefined && one !== '') search.append(key, String(one));
      }
    }
    query = search.toString();
  }
  return `/api/v1/${path}${query ? `?${query}` : ''}`;
}

/** `encodeURIComponent`, as the API wants an asset uri in a path: one segment. */
export const uriSegment = (uri) => encodeURIComponent(uri);

/**
 * Calls the API and resolves to the parsed JSON answer. Options: `method` (GET), `params`
 * (query, see apiUrl), `body` (sent as JSON), `signal` (an AbortSignal). Writes get
 * `sync=true` so the change is searchable when the call returns. Rejects with an ApiError
 * for a non-2xx answer or a network failure (an abort rejects with the AbortError).
 */
export async function api(path, { method = 'GET', params, body, signal } = {}) {
  const headers = { Accept: 'application/json' };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  const init = { method, headers, signal, credentials: 'same-origin' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let query = params;
  if (method !== 'GET' && method !== 'HEAD') {
    query = params instanceof URLSearchParams ? new URLSearchParams(params) : { ...params };
    if (query instanceof URLSearchParams) query.set('sync', 'true');
    else query.sync = 'true';
  }
  let response;
  try {
    response = await fetch(apiUrl(path, query), init);
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, 'unreachable', 'The catalog server could not be reached. Check your connection and try again.');
  }
  let data = null;
  const text = await response.text();
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const error = data?.error ?? {};
    throw new ApiError(response.status, error.code ?? 'http_error',
                       error.message ?? `The server answered ${response.status} ${response.statusText}.`,
                       error.field, error.primary);
  }
  return data;
}
