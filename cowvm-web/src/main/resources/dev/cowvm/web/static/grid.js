// The physical frames as a grid of cells, one a frame, in frame-number order. A cell's
// fill says what the frame holds and for whom; its number, a badge, whether it is shared.
// The grid shrinks its cells as the frames grow, so 4,096 frames still fit the panel.

import { STATES, colourOf, el, svg } from './format.js';

/**
 * Columns and cell size for n frames in a box of the given width and height: the fewest
 * columns (a power of two, so each row starts at a round frame number) whose rows still
 * fit the height. The cells shrink as the frames grow; 4,096 frames fit in 64 columns.
 */
export function layout(n, width, height) {
  let cols = 16;
  let pitch = Math.min(40, Math.floor(width / cols));
  while (cols < 256 && Math.ceil(n / cols) * pitch > height) {
    cols *= 2;
    pitch = Math.min(40, Math.floor(width / cols));
  }
  pitch = Math.max(1, pitch);
  const gap = pitch >= 12 ? 3 : pitch >= 5 ? 1 : 0;
  return { cols, rows: Math.ceil(n / cols), pitch, cell: pitch - gap };
}

/**
 * Draws the frames of a view into the svg element and returns where each cell is.
 * @param ctx { width, height, selected: Set of frames of the followed process, names: pid -> name }
 */
export function renderGrid(root, view, ctx) {
  const { frames } = view.state;
  // A sub-step drawn on the state before the statement shows as many frames as after it,
  // so the frames the statement takes from the pool are there to be seen.
  const shown = Math.max(frames.shown, ctx.shown || 0);
  const g = layout(shown, ctx.width, ctx.height);
  root.setAttribute('width', g.cols * g.pitch);
  root.setAttribute('height', g.rows * g.pitch);
  // Small cells get thin outlines, or the outlines would hide the colours.
  root.classList.toggle('small', g.cell < 16);
  // Numbers in the corners in a size the largest fits; none if that would be unreadable.
  const font = Math.min(8.5, (g.cell - 3) / (String(shown - 1).length * 0.62));
  const numbered = font >= 6 ? font : 0;
  const defs = svg('defs');
  const hatches = new Set();
  const cells = [];
  for (let f = 0; f < shown; f++) {
    const { letter, owner } = frameAt(frames, f);
    if (letter === 't' && !hatches.has(owner)) {
      hatches.add(owner);
      defs.append(hatch(owner));
    }
    cells.push(cell(f, g, view, ctx, numbered));
  }
  root.replaceChildren(defs, ...cells);
  return {
    /** The centre of a frame's cell, in the svg's own coordinates. */
    centre(f) {
      return { x: (f % g.cols) * g.pitch + g.cell / 2, y: Math.floor(f / g.cols) * g.pitch + g.cell / 2 };
    },
    cell: g.cell,
    shown,
  };
}

/** A frame's letter, reference count and owner; frames past those sent are free and zero. */
function frameAt(frames, f) {
  return f < frames.shown ? { letter: frames.state[f], refs: frames.refs[f], owner: frames.owner[f] }
    : { letter: 'f', refs: 0, owner: 0 };
}

/** Diagonal lines in the owner's colour: a page-table page, holding entries rather than data. */
function hatch(pid) {
  return svg('pattern', { id: `hatch-${pid}`, width: 6, height: 6, patternUnits: 'userSpaceOnUse',
    patternTransform: 'rotate(45)' },
  svg('rect', { width: 6, height: 6, fill: '#fff' }),
  svg('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: colourOf(pid), 'stroke-width': 2.4, opacity: 0.55 }));
}

function cell(f, g, view, ctx, numbered) {
  const at = frameAt(view.state.frames, f);
  const { marks } = view;
  const letter = marks.fills.has(f) ? 'd' : at.letter;
  const refs = at.refs;
  const owner = marks.fills.has(f) ? marks.fills.get(f) : at.owner;
  const x = (f % g.cols) * g.pitch;
  const y = Math.floor(f / g.cols) * g.pitch;
  const classes = ['cell', STATES[letter].key];
  if (marks.changedFrames.has(f)) classes.push('changed');
  if (marks.taken.has(f)) classes.push('taken');
  if (ctx.selected.has(f) || marks.mapped.has(f)) classes.push('mapped');
  else if (ctx.selected.size && !marks.taken.has(f) && (letter === 'd' || letter === 't')) classes.push('dim');
  const node = svg('g', { class: classes.join(' '), transform: `translate(${x},${y})`, 'data-frame': f,
    'data-state': STATES[at.letter].key, 'data-refs': refs, 'data-owner': ctx.names.get(at.owner) });
  node.append(box(letter, owner, g.cell, marks.fills.has(f)));
  if (letter === 's' && g.cell >= 6) {
    // Whose bytes the free frame still holds: a strip of that process's colour.
    node.append(svg('rect', { x: 0, y: g.cell - Math.max(2, g.cell / 7), width: g.cell,
      height: Math.max(2, g.cell / 7), fill: colourOf(owner), opacity: 0.8 }));
  }
  if (marks.cleared.has(f)) node.append(svg('rect', { class: 'wipe', width: g.cell, height: g.cell }));
  labels(node, f, letter, refs, g.cell, marks.fills.has(f), numbered);
  return node;
}

function box(letter, owner, size, filling) {
  const base = { class: 'box', width: size, height: size, rx: size >= 12 ? 4 : 1 };
  switch (letter) {
    case 'z': return svg('rect', { ...base, fill: '#475467' });
    case 'd': return svg('rect', { ...base, fill: colourOf(owner), 'fill-opacity': filling ? 0.7 : 1,
      'stroke-dasharray': filling ? '3 2' : null, stroke: filling ? colourOf(owner) : null });
    case 't': return svg('rect', { ...base, fill: `url(#hatch-${owner})`, stroke: colourOf(owner), 'stroke-width': 1.5 });
    case 's': return svg('rect', { ...base, fill: '#d5d9e0' });
    default: return svg('rect', { ...base, fill: '#fff', stroke: '#dfe3e8' });
  }
}

/** The frame number in the corner, and in the middle what matters most: how many share it. */
function labels(node, f, letter, refs, size, filling, numbered) {
  const light = letter === 'd' || letter === 'z';
  const ink = light ? '#fff' : '#475467';
  if (numbered) node.append(svg('text', { class: 'num', x: 2.5, y: numbered + 2, fill: ink, 'font-size': numbered },
    String(f)));
  if (size < 20) {
    // No room for a word: a white dot still tells a shared frame from a private one.
    if (letter === 'd' && refs > 1 && size >= 6) {
      node.append(svg('circle', { cx: size / 2, cy: numbered ? size * 0.62 : size / 2, r: Math.max(1.2, size / 7),
        fill: '#fff' }));
    }
    return;
  }
  let middle = null;
  if (filling) middle = 'copy';
  else if (letter === 'z') middle = 'zero';
  else if (letter === 't') middle = 'PT';
  else if (letter === 'd' && refs > 1) middle = `\u00d7${refs}`;
  else if (letter === 's' && size >= 28) middle = 'stale';
  if (middle) {
    const quiet = middle === 'stale' || middle === 'zero';
    node.append(svg('text', { x: size / 2, y: size / 2 + 7, 'text-anchor': 'middle', fill: ink,
      'font-size': quiet ? 8.5 : size >= 28 ? 12 : 10 }, middle));
  }
}

/** The legend under the grid, drawn with the same shapes. */
export function renderLegend(root) {
  const swatch = (letter, extra) => {
    const s = svg('svg', { width: 16, height: 16 });
    if (letter === 't') s.append(svg('defs', {}, hatch(0)));
    s.append(box(letter, letter === 't' ? 0 : 1, 16, false));
    if (extra) s.append(extra);
    return s;
  };
  const items = [
    [swatch('d'), 'in use: the owner\u2019s colour'],
    [swatch('d', svg('text', { x: 8, y: 12, 'text-anchor': 'middle', fill: '#fff', 'font-size': 9,
      'font-weight': 700 }, '\u00d72')), 'shared: mapped by 2 entries'],
    [swatch('t'), 'page-table page'],
    [swatch('s', svg('rect', { x: 0, y: 13, width: 16, height: 3, fill: colourOf(1) })),
      'free, stale bytes (of the strip\u2019s process)'],
    [swatch('f'), 'free, zeroed'],
    [swatch('z'), 'the zero page'],
  ];
  root.replaceChildren(...items.map(([icon, text]) => el('li', {}, icon, text)));
}
