// icons: inline SVG icons for asset types, glossary node kinds and a few controls.
// Drawn with `currentColor` so CSS colours them; always aria-hidden (the text next to an
// icon says what it means).

const SVG_NS = 'http://www.w3.org/2000/svg';

// Each shape: [element, attributes]. 24×24 grid, stroked.
const SHAPES = {
  dataset: [
    ['ellipse', { cx: 12, cy: 5.5, rx: 7.5, ry: 2.8 }],
    ['path', { d: 'M4.5 5.5v13c0 1.5 3.4 2.8 7.5 2.8s7.5-1.3 7.5-2.8v-13' }],
    ['path', { d: 'M4.5 12c0 1.5 3.4 2.8 7.5 2.8s7.5-1.3 7.5-2.8' }],
  ],
  table: [
    ['rect', { x: 3.5, y: 4.5, width: 17, height: 15, rx: 1.5 }],
    ['path', { d: 'M3.5 9.5h17M3.5 14.5h17M9.5 9.5v10' }],
  ],
  folder: [
    ['path', { d: 'M3.5 7V17.5a1.5 1.5 0 0 0 1.5 1.5h14a1.5 1.5 0 0 0 1.5-1.5V9a1.5 1.5 0 0 0-1.5-1.5h-7l-2-2.5H5A1.5 1.5 0 0 0 3.5 6.5z' }],
  ],
  dashboard: [
    ['rect', { x: 3.5, y: 3.5, width: 17, height: 17, rx: 1.5 }],
    ['path', { d: 'M8 16.5v-4M12 16.5v-8M16 16.5v-6' }],
  ],
  glossary: [
    ['path', { d: 'M5 4.5A1.5 1.5 0 0 1 6.5 3H19v15H6.5A1.5 1.5 0 0 0 5 19.5z' }],
    ['path', { d: 'M5 19.5A1.5 1.5 0 0 0 6.5 21H19v-3' }],
    ['path', { d: 'M9 8h6' }],
  ],
  category: [
    ['path', { d: 'M12 3.5l8.5 4.5-8.5 4.5-8.5-4.5z' }],
    ['path', { d: 'M3.5 12l8.5 4.5 8.5-4.5' }],
    ['path', { d: 'M3.5 16l8.5 4.5 8.5-4.5' }],
  ],
  term: [
    ['path', { d: 'M4 4.5h9l7 7-8.5 8.5-7.5-7.5z' }],
    ['circle', { cx: 8.5, cy: 9, r: 1.3 }],
  ],
  tag: [
    ['path', { d: 'M4 4.5h9l7 7-8.5 8.5-7.5-7.5z' }],
    ['circle', { cx: 8.5, cy: 9, r: 1.3 }],
  ],
  topic: [
    ['path', { d: 'M5 9h14M5 15h14M10 4l-2 16M16 4l-2 16' }],
  ],
  search: [
    ['circle', { cx: 10.5, cy: 10.5, r: 6 }],
    ['path', { d: 'M15 15l5 5' }],
  ],
  user: [
    ['circle', { cx: 12, cy: 8, r: 4 }],
    ['path', { d: 'M4.5 20.5c1-3.8 4-5.5 7.5-5.5s6.5 1.7 7.5 5.5' }],
  ],
  filter: [
    ['path', { d: 'M4 5h16l-6.2 7.5V19l-3.6 1.5v-8z' }],
  ],
};

/**
 * An <svg> icon for `name`: an asset type (dataset, table, folder, dashboard), a glossary
 * node kind (glossary, category, term) or tag, topic, search, user, filter. Unknown names
 * get the table icon. `className` is added to the `icon` class.
 */
export function icon(name, className = '') {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', `icon icon-${name} ${className}`.trim());
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('fill', 'none');
  svg.setAttribute('stroke', 'currentColor');
  svg.setAttribute('stroke-width', '1.7');
  svg.setAttribute('stroke-linecap', 'round');
  svg.setAttribute('stroke-linejoin', 'round');
  for (const [tag, attributes] of SHAPES[name] ?? SHAPES.table) {
    const shape = document.createElementNS(SVG_NS, tag);
    for (const [key, value] of Object.entries(attributes)) shape.setAttribute(key, String(value));
    svg.append(shape);
  }
  return svg;
}

/** Display names of the asset types. */
export const TYPE_NAMES = { dataset: 'Dataset', table: 'Table', folder: 'Folder', dashboard: 'Dashboard' };
