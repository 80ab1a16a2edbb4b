// queue_page: a glossary's links to assets, by status, at
// /glossaries/<id>/queue?status=pending|approved|dismissed (pending by default). The
// glossary's owner team and admins approve or dismiss them here; others only read.

import { api, uriSegment } from './api.js';
import { h, replace, errorBox, statusBox, loading, setTitle, timeElement, assetPath, pageReady } from './dom.js';
import { icon, TYPE_NAMES } from './icons.js';
import { ownsGlossary, session } from './session.js';
import { glossaryHeader } from './glossary_pages.js';
import { statusBadge } from './asset_page.js';

const STATUSES = [['pending', 'Pending'], ['approved', 'Approved'], ['dismissed', 'Dismissed']];

const statusOf = () => {
  const status = new URLSearchParams(location.search).get('status');
  return STATUSES.some(([value]) => value === status) ? status : 'pending';
};

/** Mounts the review queue of glossary `id`; status changes in the URL update it in place. */
export function mount(main, [id]) {
  setTitle('Review queue');
  let alive = true;
  let glossary = null;
  const assets = new Map(); // uri → asset (or null when it could not be read)
  const feedback = h('div', { class: 'feedback', 'aria-live': 'polite' });
  const listArea = h('div', { class: 'queue-area' });
  const filter = h('nav', { class: 'segmented', 'aria-label': 'Status' });
  replace(main, loading());

  async function assetInfo(uris) {
    await Promise.all([...new Set(uris)].filter((uri) => !assets.has(uri)).map(async (uri) => {
      assets.set(uri, await api(`assets/${uriSegment(uri)}`).catch(() => null));
    }));
  }

  async function load(focusFirst = false) {
    const status = statusOf();
    let links;
    try {
      glossary ??= await api(`glossaries/${id}`);
      links = (await api(`glossaries/${id}/associations`, { params: { status } })).associations;
      await assetInfo(links.map((link) => link.asset));
    } catch (error) {
      if (alive) {
        replace(main, h('h1', { class: 'page-title' }, 'Could not load the review queue'), errorBox(error));
        pageReady(main);
      }
      return;
    }
    if (!alive) return;
    if (!main.contains(listArea)) {
      replace(main, glossaryHeader(glossary, 'queue'), filter, feedback, listArea);
    }
    setTitle(`Review queue: ${glossary.label}`);
    const filterFocused = filter.contains(document.activeElement);
    replace(filter, STATUSES.map(([value, label]) => h('a', {
      href: `/glossaries/${id}/queue${value === 'pending' ? '' : `?status=${value}`}`, class: `segment${value === status ? ' current' : ''}`,
      'aria-current': value === status ? 'true' : null, 'data-keep-focus': '' }, label)));
    drawList(links, status);
    if (filterFocused) filter.querySelector('.current')?.focus();
    if (focusFirst) listArea.querySelector('button, a')?.focus();
    pageReady(main);
  }

  function drawList(links, status) {
    const owner = ownsGlossary(glossary);
    const heading = h('h2', { id: 'queue-heading', class: 'visually-hidden' }, `${STATUSES.find(([v]) => v === status)[1]} links`);
    if (!links.length) {
      replace(listArea, heading, h('p', { class: 'empty-state' }, status === 'pending' ? 'Nothing is waiting for review.' : `No ${status} links.`));
      return;
    }
    replace(listArea, heading,
      h('p', { class: 'muted small' }, `${links.length} ${status} link${links.length === 1 ? '' : 's'}`),
      !owner ? h('p', { class: 'muted small' }, session().anonymous ? 'Sign in as a member of the owner team to review links.'
        : `Only the owner team (${glossary.owner}) or an admin may approve or dismiss links.`) : null,
      h('ul', { class: 'queue-list', 'aria-labelledby': 'queue-heading' }, links.map((link) => queueItem(link, owner))));
  }

  function queueItem(link, owner) {
    const asset = assets.get(link.asset);
    const assetName = asset ? asset.label || asset.name : link.asset;
    const decide = (action) => {
      const button = h('button', {
        type: 'button', class: `button button-small ${action === 'approve' ? 'button-primary' : ''}`,
        'aria-label': `${action === 'approve' ? 'Approve' : 'Dismiss'} ${link.term.label} for ${assetName}`,
        onclick: async () => {
          button.disabled = true;
          try {
            await api(`associations/${link.id}/${action}`, { method: 'POST' });
            await load(true);  // the list first, then the message that describes it
            replace(feedback, statusBox(`${action === 'approve' ? 'Approved' : 'Dismissed'}: “${link.term.label}” for ${assetName}.`));
          } catch (error) {
            replace(feedback, errorBox(error, { title: `Could not ${action} the link` }));
            button.disabled = false;
          }
        } }, action === 'approve' ? 'Approve' : 'Dismiss');
      return button;
    };
    return h('li', { class: 'card queue-item', dataset: { association: String(link.id) } },
      h('div', { class: 'card-body' },
        h('p', { class: 'queue-link' },
          h('a', { href: `/terms/${link.term.id}`, class: 'chip chip-term' }, icon('term'), link.term.label),
          h('span', { class: 'arrow', 'aria-hidden': 'true' }, '→'), h('span', { class: 'visually-hidden' }, ' for '),
          asset ? icon(asset.type) : null, h('a', { href: assetPath(link.asset) }, assetName),
          asset ? h('span', { class: 'muted small' }, ` ${TYPE_NAMES[asset.type] ?? asset.type}`) : null,
          ' ', statusBadge(link.status)),
        h('p', { class: 'muted small' }, `Proposed by ${link.proposed_by} `, timeElement(link.proposed_at, { withTime: true }),
          link.decided_by ? [`; ${link.status} by ${link.decided_by} `, timeElement(link.decided_at, { withTime: true })] : null)),
      owner ? h('div', { class: 'queue-actions' },
        link.status !== 'approved' ? decide('approve') : null,
        link.status !== 'dismissed' ? decide('dismiss') : null) : null);
  }

  return {
    /** Called after mounting and whenever the query string (the status) changes. */
    update() { load(); },
    unmount() { alive = false; },
  };
}
