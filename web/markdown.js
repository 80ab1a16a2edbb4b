// markdown: a small, safe renderer for asset and glossary descriptions (Markdown in the
// catalog). It builds DOM nodes for a subset (paragraphs, headings, bullet and numbered
// lists, code blocks, `code`, **bold**, *italic*, [links](https://…)); everything else
// stays visible text. No HTML from the description is ever parsed.

import { h, isLocalPath } from './dom.js';

const INLINE = /(`[^`]+`)|(\*\*[^*]+\*\*)|(\*[^*\s][^*]*\*|_[^_\s][^_]*_)|(\[[^\]]+\]\([^)\s]+\))/;

function inline(text) {
  const nodes = [];
  let rest = text;
  while (rest) {
    const match = INLINE.exec(rest);
    if (!match) {
      nodes.push(rest);
      break;
    }
    if (match.index) nodes.push(rest.slice(0, match.index));
    const [whole, code, strong, em, link] = match;
    if (code) nodes.push(h('code', {}, code.slice(1, -1)));
    else if (strong) nodes.push(h('strong', {}, inline(strong.slice(2, -2))));
    else if (em) nodes.push(h('em', {}, inline(em.slice(1, -1))));
    else if (link) {
      const [, label, href] = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(link);
      nodes.push(/^(https?:|mailto:)/i.test(href) || isLocalPath(href)
        ? h('a', { href, rel: 'noopener noreferrer' }, label) : whole);
    }
    rest = rest.slice(match.index + whole.length);
  }
  return nodes;
}

/**
 * The description `text` as an array of block nodes (p, h3–h5, ul, ol, pre), or [] for
 * an empty text.
 */
export function markdown(text) {
  const blocks = [];
  const lines = String(text ?? '').replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) { i++; continue; }
    if (line.startsWith('```')) {
      const code = [];
      for (i++; i < lines.length && !lines[i].startsWith('```'); i++) code.push(lines[i]);
      i++;
      blocks.push(h('pre', {}, h('code', {}, code.join('\n'))));
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      blocks.push(h(`h${Math.min(5, heading[1].length + 2)}`, { class: 'md-heading' }, inline(heading[2])));
      i++;
      continue;
    }
    const bullet = /^\s*([-*+]|\d+[.)])\s+/;
    if (bullet.test(line)) {
      const ordered = /^\s*\d/.test(line);
      const items = [];
      for (; i < lines.length && bullet.test(lines[i]); i++) items.push(h('li', {}, inline(lines[i].replace(bullet, ''))));
      blocks.push(h(ordered ? 'ol' : 'ul', {}, items));
      continue;
    }
    const paragraph = [];
    for (; i < lines.length && lines[i].trim() && !bullet.test(lines[i]) && !/^(#{1,6}\s|```)/.test(lines[i]); i++) paragraph.push(lines[i].trim());
    blocks.push(h('p', {}, inline(paragraph.join(' '))));
  }
  return blocks;
}
