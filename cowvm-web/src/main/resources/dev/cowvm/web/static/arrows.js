// Arrows drawn over the page: from the followed process's page-table entries to their
// frames, and, during a copy-on-write fault, from the shared frame to its copy. They are
// computed from where the elements are on screen after each drawing and each scroll.

import { svg } from './format.js';

/**
 * @param overlay the svg covering the stage
 * @param links   [{ from: {x, y}, to: {x, y}, colour, kind: 'link' | 'copy', side?, label? }], client coordinates
 */
export function drawArrows(overlay, links) {
  const box = overlay.getBoundingClientRect();
  const colours = [...new Set(links.map(l => l.colour))];
  const defs = svg('defs', {}, ...colours.map(marker));
  const paths = links.map(l => {
    const a = { x: l.from.x - box.left, y: l.from.y - box.top };
    const b = { x: l.to.x - box.left, y: l.to.y - box.top };
    return l.kind === 'copy' ? copyArrow(a, b, l) : link(a, b, l);
  });
  overlay.replaceChildren(defs, ...paths.flat());
}

function markerId(colour) {
  return `head-${colour.replace('#', '')}`;
}

function marker(colour) {
  return svg('marker', { id: markerId(colour), viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7,
    markerHeight: 7, orient: 'auto-start-reverse' },
  svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: colour }));
}

/**
 * A curve from a table row, on the left, to a frame cell: it leaves the row going right
 * and arrives at the cell's side (l.side: left, bottom or top) square to it.
 */
function link(a, b, l) {
  const dx = Math.max(40, (b.x - a.x) / 2);
  const dy = Math.max(24, Math.abs(b.y - a.y) / 2);
  const end = l.side === 'bottom' ? `${b.x},${b.y + dy}` : l.side === 'top' ? `${b.x},${b.y - dy}` : `${b.x - dx},${b.y}`;
  return [svg('path', { class: 'link', stroke: l.colour, 'marker-end': `url(#${markerId(l.colour)})`,
    d: `M${a.x},${a.y} C${a.x + dx},${a.y} ${end} ${b.x},${b.y}` })];
}

/** An arc under the cells from the shared frame to the copy, labelled: above them is the panel's title. */
function copyArrow(a, b, l) {
  const drop = Math.max(22, Math.abs(b.x - a.x) / 4);
  const bottom = Math.max(a.y, b.y) + drop;
  const mid = { x: (a.x + b.x) / 2, y: bottom };
  const parts = [svg('path', { class: 'copy', 'marker-end': `url(#${markerId(l.colour)})`,
    d: `M${a.x},${a.y} Q${mid.x},${bottom + drop / 2} ${b.x},${b.y}` })];
  if (l.label) parts.push(svg('text', { x: mid.x, y: mid.y + 16, 'text-anchor': 'middle' }, l.label));
  return parts;
}
