// Arrows drawn over the page: from the followed process's page-table entries to their
// frames, and, during a copy-on-write fault, from the shared frame to its copy. They are
// computed from where the elements are on screen after each drawing.
//
// An arrow never crosses a cell, a label or the legend: it leaves its table row to the
// right, runs down or up the gap between the tables and the frames (each arrow at its own
// place across the gap), enters the grid along the lane under its frame's row, and turns
// up into the cell. A copy runs along the lanes too, and round the grid's right side to
// change rows. Its label sits in a band kept free under the grid.

import { svg } from './format.js';

/**
 * @param overlay the svg covering the stage
 * @param links   [{ kind: 'link' | 'copy', colour, points: [{x, y}...], to, from? }], client coordinates
 * @param label   { x, y, text } in client coordinates, or null
 */
export function drawArrows(overlay, links, label) {
  const box = overlay.getBoundingClientRect();
  const local = p => ({ x: p.x - box.left, y: p.y - box.top });
  const colours = [...new Set(links.map(l => l.colour))];
  const defs = svg('defs', {}, ...colours.map(marker));
  const paths = links.map(l => svg('path', { class: l.kind, stroke: l.colour, 'marker-end': `url(#${markerId(l.colour)})`,
    d: rounded(l.points.map(local), 6), 'data-to': l.to, 'data-from': l.from }));
  const text = label ? svg('text', { x: label.x - box.left, y: label.y - box.top, 'text-anchor': 'middle' }, label.text) : null;
  overlay.replaceChildren(defs, ...paths, ...(text ? [text] : []));
}

function markerId(colour) {
  return `head-${colour.replace('#', '')}`;
}

/** An arrowhead 6 px long, its tip on the end of the path: it fits in a lane. */
function marker(colour) {
  return svg('marker', { id: markerId(colour), viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 6,
    markerHeight: 6, markerUnits: 'userSpaceOnUse', orient: 'auto' },
  svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: colour }));
}

/**
 * A path through the points, straight between them, its corners rounded with radius r
 * (less where a segment is too short for it), so the last segment keeps its direction.
 */
function rounded(points, r) {
  const p = points.filter((q, i) => i === 0 || q.x !== points[i - 1].x || q.y !== points[i - 1].y);
  let d = `M${p[0].x},${p[0].y}`;
  for (let i = 1; i < p.length - 1; i++) {
    const [a, b, c] = [p[i - 1], p[i], p[i + 1]];
    const inLen = Math.hypot(b.x - a.x, b.y - a.y);
    const outLen = Math.hypot(c.x - b.x, c.y - b.y);
    const k = Math.min(r, inLen / 2, outLen / 2);
    const before = { x: b.x - (b.x - a.x) / inLen * k, y: b.y - (b.y - a.y) / inLen * k };
    const after = { x: b.x + (c.x - b.x) / outLen * k, y: b.y + (c.y - b.y) / outLen * k };
    d += ` L${before.x},${before.y} Q${b.x},${b.y} ${after.x},${after.y}`;
  }
  const last = p[p.length - 1];
  return `${d} L${last.x},${last.y}`;
}
