// asset_page: one asset at /asset/<encodeURIComponent(uri)>: its overview, description,
// columns (tables), contents (datasets), and its glossary terms with their status. Users
// with edit rights on the asset may propose terms and remove links.

import { api, uriSegment } from './api.js';
import { h, replace, assetPath, errorBox, loading, setTitle, timeElement, statusBox, pageReady } from './dom.js';
import { icon, TYPE_NAMES } from './icons.js';
import { markdown } from './markdown.js';
import { session } from './session.js';
import { termPicker } from './term_picker.js';

const STATUS_LABELS = { approved: 'Approved', pending: 'Pending review', dismissed: 'Dismissed' };

/** A status badge for a link: approved, pending or dismissed. */
export const statusBadge = (status) => h('span', { class: `status status-${status}` }, STATUS_LABELS[status] ?? status);

const chips = (values, label, facet) => values?.length
  ? h('ul', { class: 'chips', 'aria-label': label },
      values.map((value) => h('li', {}, h('a', { class: 'chip', href: `/?${facet}=${encodeURIComponent(value)}` }, value))))
  : null;

function safeUrl(url) {
  return /^https?:\/\//i.test(url ?? '') ? h('a', { href: url, rel: 'noopener noreferrer' }, url) : url;
}

function overview(stored, resolved, dataset) {
  const inherited = (field) => stored[field] === undefined && resolved[field] !== undefined
    ? h('span', { class: 'muted small' }, ' (from dataset)') : null;
  const rows = [
    ['Type', TYPE_NAMES[resolved.type] ?? resolved.type],
    ['Owner', resolved.owner && [resolved.owner, inherited('owner')]],
    ['Stewards', stored.stewards?.length ? stored.stewards.join(', ') : null],
    ['Dataset', resolved.parent && h('a', { href: assetPath(resolved.parent) }, dataset?.label || dataset?.name || resolved.parent)],
    ['Region', resolved.region && [resolved.region, inherited('region')]],
    ['Classification', resolved.classification && [resolved.classification, inherited('classification')]],
    ['Environment', resolved.environment && [resolved.environment, inherited('environment')]],
    ['Organization', resolved.organization && [resolved.organization, inherited('organization')]],
    ['Database', resolved.database],
    ['Location', resolved.location && h('span', { class: 'mono break' }, resolved.location)],
    ['Dashboard', resolved.url && safeUrl(resolved.url)],
    ['Tags', chips(resolved.tags, 'Tags', 'tags')],
    ['Topics', chips(resolved.topics, 'Topics', 'topics')],
    ['Created', timeElement(resolved.created)],
    ['Updated', timeElement(resolved.updated)],
    ['Version', resolved.version && String(resolved.version)],
  ].filter(([, value]) => value);
  return h('dl', { class: 'facts' }, rows.map(([name, value]) => h('div', { class: 'fact' }, h('dt', {}, name), h('dd', {}, value))));
}

function columnsTable(columns) {
  return h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'columns-heading' },
    h('table', { class: 'data-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Column'), h('th', { scope: 'col' }, 'Type'), h('th', { scope: 'col' }, 'Description'))),
      h('tbody', {}, columns.map((column) => h('tr', {},
        h('th', { scope: 'row', class: 'mono' }, column.name),
        h('td', { class: 'mono muted' }, column.type ?? ''),
        h('td', {}, column.description ?? ''))))));
}

/** Mounts the page of the asset whose uri is `uri`. */
export function mount(main, [uri]) {
  setTitle('Asset');
  replace(main, loading());
  let alive = true;
  load();

  async function load() {
    let stored, resolved, links, glossaries, permissions;
    // A read replica (docs/scaling.md) answers the asset but not what needs the catalog
    // (421): the page then shows the asset read-only and points to the primary.
    let primary = null;
    const onReplica = (fallback) => (error) => {
      if (error.code !== 'read_only_replica') throw error;
      primary = error.primary;
      return fallback;
    };
    try {
      [stored, resolved, links, glossaries, permissions] = await Promise.all([
        api(`assets/${uriSegment(uri)}`),
        api(`assets/${uriSegment(uri)}`, { params: { resolved: 'true' } }),
        api(`assets/${uriSegment(uri)}/terms`).catch(onReplica({ associations: [] })),
        api('glossaries').catch(onReplica({ glossaries: [] })),
        api(`assets/${uriSegment(uri)}/permissions`).catch(onReplica({})),
      ]);
    } catch (error) {
      if (!alive) return;
      setTitle(error.status === 404 ? 'Asset not found' : 'Asset');
      replace(main, h('h1', { class: 'page-title' }, error.status === 404 ? 'Asset not found' : 'Could not load the asset'),
        errorBox(error, { title: error.status === 404 ? `No asset has the uri ${uri}` : undefined }),
        h('p', {}, h('a', { href: '/' }, 'Back to search')));
      pageReady(main);
      return;
    }
    const dataset = resolved.parent ? await api(`assets/${uriSegment(resolved.parent)}`).catch(() => null) : null;
    const children = resolved.type === 'dataset'
      ? await api('assets', { params: { parent: uri, limit: 100 } }).catch(() => null) : null;
    if (alive) {
      draw(stored, resolved, dataset, children, links.associations, permissions,
           new Map(glossaries.glossaries.map((g) => [g.id, g.label])), primary);
    }
  }

  // `primary`: set when this server is a read replica of it.
  function draw(stored, resolved, dataset, children, links, permissions, glossaries, primary) {
    const title = resolved.label || resolved.name;
    setTitle(title);
    // What the caller may do comes from the server (GET …/permissions), which applies the
    // write rules: owner team, stewards, the dataset's stewards, admins.
    const canPropose = permissions.propose_terms;
    const editable = permissions.edit;
    const termList = h('div', { class: 'term-links' });
    const feedback = h('div', { class: 'feedback' });

    async function refreshLinks() {
      links = (await api(`assets/${uriSegment(uri)}/terms`)).associations;
      drawLinks();
    }

    async function removeLink(link) {
      replace(feedback);
      try {
        await api(`associations/${link.id}`, { method: 'DELETE' });
        await refreshLinks();
        replace(feedback, statusBox(`Removed the link to “${link.term.label}”.`));
      } catch (error) {
        replace(feedback, errorBox(error, { title: `Could not remove “${link.term.label}”` }));
      }
    }

    function drawLinks() {
      if (primary) return replace(termList);  // the links live in the primary's catalog
      replace(termList, links.length
        ? h('ul', { class: 'link-list' }, links.map((link) => h('li', { class: 'link-item', dataset: { status: link.status } },
            h('div', {},
              h('a', { href: `/terms/${link.term.id}` }, icon('term'), link.term.label), ' ', statusBadge(link.status),
              h('p', { class: 'muted small' }, `${glossaries.get(link.term.glossary_id) ?? 'Glossary'} · proposed by ${link.proposed_by}`,
                link.decided_by ? ` · ${link.status} by ${link.decided_by}` : '')),
            editable ? h('button', { type: 'button', class: 'button button-small button-quiet',
                                     'aria-label': `Remove the link to ${link.term.label}`,
                                     onclick: () => removeLink(link) }, 'Remove') : null)))
        : h('p', { class: 'muted' }, 'No glossary terms are linked to this asset yet.'));
    }
    drawLinks();

    const s = session();
    const proposal = primary
      ? h('p', { class: 'muted small', id: 'replica-note' }, 'This server is a read replica. ',
          h('a', { href: `${primary}${assetPath(uri)}` }, 'Open the asset on the primary'),
          ' to see its glossary terms or propose one.')
      : canPropose
      ? termPicker(uri, { glossaries, links: () => links, onProposed: refreshLinks })
      : h('p', { class: 'muted small', id: 'propose-note' }, s.anonymous
        ? [h('a', { href: `/sign-in?next=${encodeURIComponent(assetPath(uri))}` }, 'Sign in'), ' to propose glossary terms for this asset.']
        : `Only the owner team${resolved.owner ? ` (${resolved.owner})` : ''}, its stewards or an admin may propose terms for this asset.`);

    const description = markdown(resolved.description);
    const columns = resolved.columns ?? [];
    replace(main,
      h('nav', { class: 'breadcrumb', 'aria-label': 'Breadcrumb' }, h('ol', {},
        h('li', {}, h('a', { href: '/' }, 'Search')),
        dataset ? h('li', {}, h('a', { href: assetPath(dataset.uri) }, dataset.label || dataset.name)) : null,
        h('li', {}, h('span', { 'aria-current': 'page' }, title)))),
      h('div', { class: 'asset-header' },
        h('div', { class: `card-icon large type-${resolved.type}` }, icon(resolved.type)),
        h('div', {},
          h('h1', { class: 'page-title' }, title),
          h('p', { class: 'asset-ids' }, h('span', { class: `badge badge-type type-${resolved.type}` }, TYPE_NAMES[resolved.type] ?? resolved.type),
            ' ', h('span', { class: 'mono muted break' }, resolved.name !== title ? `${resolved.name} · ${uri}` : uri)))),
      h('div', { class: 'asset-layout' },
        h('div', { class: 'asset-main' },
          h('section', { 'aria-labelledby': 'description-heading', class: 'panel' },
            h('h2', { id: 'description-heading' }, 'Description'),
            description.length ? h('div', { class: 'prose' }, description) : h('p', { class: 'muted' }, 'No description.')),
          h('section', { 'aria-labelledby': 'terms-heading', class: 'panel', id: 'asset-terms' },
            h('h2', { id: 'terms-heading' }, 'Glossary terms'), feedback, termList, proposal),
          columns.length ? h('section', { 'aria-labelledby': 'columns-heading', class: 'panel' },
            h('h2', { id: 'columns-heading' }, `Columns (${columns.length})`), columnsTable(columns)) : null,
          children ? h('section', { 'aria-labelledby': 'contents-heading', class: 'panel' },
            h('h2', { id: 'contents-heading' }, 'Tables and folders'),
            children.assets.length
              ? h('ul', { class: 'child-list' }, children.assets.map((child) => h('li', {},
                  icon(child.type), h('a', { href: assetPath(child.uri) }, child.label || child.name),
                  h('span', { class: 'muted small mono' }, ` ${child.name}`))))
              : h('p', { class: 'muted' }, 'This dataset holds no tables or folders.'),
            children.next_cursor ? h('p', { class: 'muted small' }, 'Showing the first 100.') : null) : null),
        h('div', { class: 'asset-side' },
          h('section', { 'aria-labelledby': 'about-heading', class: 'panel' },
            h('h2', { id: 'about-heading' }, 'About'), overview(stored, resolved, dataset)))));
    pageReady(main);
  }

  return { unmount() { alive = false; } };
}
