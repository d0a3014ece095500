// The physical frames as a grid of cells, one a frame, in frame-number order. A cell's
// fill says what the frame holds and for whom; its number, a mark, whether it is shared.
// The grid shrinks its cells as the frames grow, so 4,096 frames still fit the panel.
//
//   +----+ +----+ +----+      a cell: its number in the top-left corner, sized so the
//   |12  | |13  | |14  |      largest number shown fits; under it, when there is room, a
//   | ×2 | |    | | PT |      word (×2, PT, zero, copy, stale), else a dot for a shared
//   +----+ +----+ +----+      frame, in the bottom-right corner, clear of the number
//   ~~~~~~~~~~~~~~~~~~~~~     a lane under each row: arrows run along it and turn up into
//   +----+ +----+ +----+      their cell, so they never cross another cell

import { STATES, colourOf, el, inkOn, svg } from './format.js';

/** Height of the lane under each row of cells that are big enough to be pointed at. */
export const LANE = 8;
/** Space between a cell's edge and its labels. */
const PAD = 1.5;
const NUMBER_MAX = 10;
const WORD_MAX = 11;
const WORD_MIN = 8;
const DARK = '#1f2430';

/**
 * Columns and cell size for n frames in a box of the given width and height: the fewest
 * columns (a power of two, so each row starts at a round frame number) whose rows still
 * fit the height, with lanes for the arrows between them if they fit, else without. The
 * cells shrink as the frames grow; 4,096 frames fit in 64 columns.
 */
export function layout(n, width, height) {
  for (let cols = 16; ; cols *= 2) {
    const pitch = Math.max(1, Math.min(40, Math.floor(width / cols)));
    const gap = pitch >= 12 ? 3 : pitch >= 5 ? 1 : 0;
    const cell = pitch - gap;
    const rows = Math.ceil(n / cols);
    const lanes = cell >= 7 ? [LANE, gap] : [gap];
    for (const lane of lanes) {
      const g = { cols, rows, pitch, gap, cell, lane, rowPitch: cell + lane };
      if (cols >= 256 || rows * g.rowPitch <= height) return g;
    }
  }
}

/**
 * Draws the frames of a view into the svg element and returns where each cell is.
 * @param ctx { width, height, shown, selected: Set of frames of the followed process, names: pid -> name }
 */
export function renderGrid(root, view, ctx) {
  const { frames } = view.state;
  // A sub-step drawn on the state before the statement shows as many frames as after it,
  // so the frames the statement takes from the pool are there to be seen.
  const shown = Math.max(frames.shown, ctx.shown || 0);
  const g = layout(shown, ctx.width, ctx.height);
  const width = g.cols * g.pitch - g.gap;
  root.setAttribute('width', width);
  root.setAttribute('height', g.rows * g.rowPitch);
  // Small cells get thin outlines, or the outlines would hide the colours.
  root.classList.toggle('small', g.cell < 16);
  const fonts = labelFonts(root, g.cell, shown);
  const defs = svg('defs');
  const hatches = new Set();
  const cells = [];
  for (let f = 0; f < shown; f++) {
    const { letter, owner } = frameAt(frames, f);
    if (letter === 't' && !hatches.has(owner)) {
      hatches.add(owner);
      defs.append(hatch(owner));
    }
    cells.push(cell(f, g, view, ctx, fonts));
  }
  root.replaceChildren(defs, ...cells);
  const x = f => (f % g.cols) * g.pitch;
  const y = f => Math.floor(f / g.cols) * g.rowPitch;
  return {
    /** The top-left corner of a frame's cell, in the svg's own coordinates. */
    corner: f => ({ x: x(f), y: y(f) }),
    /** The centre of a frame's cell. */
    centre: f => ({ x: x(f) + g.cell / 2, y: y(f) + g.cell / 2 }),
    /** The middle of the lane under a frame's row. */
    laneY: f => y(f) + g.cell + g.lane / 2,
    /** True if the lanes are wide enough for an arrow to run in and turn into a cell. */
    lanes: g.lane >= LANE,
    column: f => f % g.cols,
    cell: g.cell,
    width,
    height: g.rows * g.rowPitch,
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

function cell(f, g, view, ctx, fonts) {
  const at = frameAt(view.state.frames, f);
  const { marks } = view;
  const filling = marks.fills.has(f);
  const letter = filling ? 'd' : at.letter;
  const owner = filling ? marks.fills.get(f) : at.owner;
  const classes = ['cell', STATES[letter].key];
  if (marks.changedFrames.has(f)) classes.push('changed');
  if (marks.taken.has(f)) classes.push('taken');
  if (ctx.selected.has(f) || marks.mapped.has(f)) classes.push('mapped');
  else if (ctx.selected.size && !marks.taken.has(f) && (letter === 'd' || letter === 't')) classes.push('dim');
  const node = svg('g', { class: classes.join(' '),
    transform: `translate(${(f % g.cols) * g.pitch},${Math.floor(f / g.cols) * g.rowPitch})`, 'data-frame': f,
    'data-state': STATES[at.letter].key, 'data-refs': at.refs, 'data-owner': ctx.names.get(at.owner) });
  node.append(box(letter, owner, g.cell, filling));
  const strip = letter === 's' && g.cell >= 6 ? Math.max(2, g.cell / 7) : 0;
  if (strip) {
    // Whose bytes the free frame still holds: a strip of that process's colour.
    node.append(svg('rect', { class: 'strip', x: 0, y: g.cell - strip, width: g.cell, height: strip,
      fill: colourOf(owner), opacity: 0.85 }));
  }
  if (marks.cleared.has(f)) node.append(svg('rect', { class: 'wipe', width: g.cell, height: g.cell }));
  labels(node, f, { letter, refs: at.refs, owner, filling, size: g.cell, strip }, fonts);
  return node;
}

function box(letter, owner, size, filling) {
  const base = { class: 'box', width: size, height: size, rx: size >= 12 ? 4 : 1 };
  switch (letter) {
    case 'z': return svg('rect', { ...base, fill: DARK });
    case 'd': return svg('rect', { ...base, fill: colourOf(owner), 'fill-opacity': filling ? 0.7 : 1,
      'stroke-dasharray': filling ? '3 2' : null, stroke: filling ? colourOf(owner) : null });
    case 't': return svg('rect', { ...base, fill: `url(#hatch-${owner})`, stroke: colourOf(owner), 'stroke-width': 1.5 });
    // Free and stale: grey and dashed, so it is told from a process's colour by its shape too.
    case 's': return svg('rect', { ...base, fill: '#eceef2', stroke: '#98a2b3', 'stroke-dasharray': '2 2' });
    default: return svg('rect', { ...base, fill: '#fff', stroke: '#dfe3e8' });
  }
}

/** The ink of a cell's labels: whatever reads best on its fill. */
function inkFor(letter, owner) {
  if (letter === 'd') return inkOn(colourOf(owner));
  if (letter === 'z') return '#ffffff';
  return letter === 'f' ? '#667085' : '#344054';
}

/**
 * The frame number in the top-left corner, and under it what matters most: how many share
 * the frame (or that it is a page table, the zero page...). A word only where it fits below
 * the number; a shared frame without room for "×2" gets a dot in the bottom-right corner.
 */
function labels(node, f, c, fonts) {
  const ink = inkFor(c.letter, c.owner);
  const room = c.size - 2 * PAD - c.strip;
  const numberHeight = fonts.number ? fonts.number * fonts.m.height : 0;
  if (fonts.number) {
    node.append(svg('text', { class: 'num', x: PAD, y: PAD + fonts.number * fonts.m.ascent, fill: ink,
      style: { fontSize: `${fonts.number}px` } }, String(f)));
  }
  let word = null;
  if (c.filling) word = 'copy';
  else if (c.letter === 'z') word = 'zero';
  else if (c.letter === 't') word = 'PT';
  else if (c.letter === 'd' && c.refs > 1) word = `\u00d7${c.refs}`;
  else if (c.letter === 's' && c.size >= 28) word = 'stale';
  const shared = c.letter === 'd' && c.refs > 1 && !c.filling;
  if (word) {
    const free = room - numberHeight;
    const size = Math.min(WORD_MAX, free / fonts.m.height, (c.size - 2 * PAD) / fonts.wordWidth(word));
    if (size >= WORD_MIN) {
      // Centred in the room left under the number.
      const top = PAD + numberHeight + (free - size * fonts.m.height) / 2;
      node.append(svg('text', { class: 'mark', x: c.size / 2, y: top + size * fonts.m.ascent, 'text-anchor': 'middle',
        fill: ink, style: { fontSize: `${size}px` } }, word));
      return;
    }
  }
  if (shared && c.size >= 6) {
    // No room for a word: a dot still tells a shared frame from a private one.
    let r = Math.max(1.2, Math.min(3.5, c.size / 8));
    if (fonts.number) r = Math.min(r, (room - numberHeight) / 2);
    if (r < 1) return;
    const at = fonts.number ? c.size - PAD - r : c.size / 2;
    node.append(svg('circle', { class: 'mark', cx: at, cy: at, r, fill: ink }));
  }
}

/**
 * The number's font size for cells of this size: the largest (up to NUMBER_MAX) at which
 * the highest frame number shown fits the cell's width, leaving a little more than half the
 * cell's height for the word under it; none below 6 px, unreadable.
 */
function labelFonts(root, size, shown) {
  const m = metrics(root);
  const digits = String(shown - 1).length;
  const fit = Math.min(NUMBER_MAX, (size - 2 * PAD) / (digits * m.digit), (size - 2 * PAD) / m.height, 0.37 * size);
  const number = fit >= 6 ? Math.floor(fit * 4) / 4 : 0;
  return { m, number, wordWidth: w => m.word(w) };
}

let measured = null;

/**
 * The grid's font measured in the page itself, per pixel of font size: a digit's width,
 * the baseline's depth below the top of a line, a line's height, a word's width. Labels
 * are sized from these, so they fit whatever font the browser has.
 */
function metrics(root) {
  if (measured) return measured;
  const probe = svg('text', { class: 'num', x: 0, y: 0, style: { fontSize: '100px' } }, '0123456789');
  root.append(probe);
  const b = probe.getBBox();
  probe.remove();
  if (!b.width) {
    // Not laid out (a hidden page): estimates, measured again next time.
    return { digit: 0.65, ascent: 0.95, height: 1.2, word: w => w.length * 0.7 };
  }
  const words = new Map();
  measured = {
    digit: b.width / 1000,
    ascent: -b.y / 100,
    height: b.height / 100,
    word(w) {
      if (!words.has(w)) {
        const t = svg('text', { class: 'mark', x: 0, y: 0, style: { fontSize: '100px' } }, w);
        root.append(t);
        words.set(w, t.getBBox().width / 100);
        t.remove();
      }
      return words.get(w);
    },
  };
  return measured;
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
    [swatch('d', svg('text', { x: 8, y: 12, 'text-anchor': 'middle', fill: inkOn(colourOf(1)), 'font-size': 9,
      'font-weight': 700 }, '\u00d72')), 'shared by 2 entries (a dot when small)'],
    [swatch('t'), 'page-table page'],
    [swatch('s', svg('rect', { x: 0, y: 13, width: 16, height: 3, fill: colourOf(1) })),
      'free, stale bytes (of the strip\u2019s process)'],
    [swatch('f'), 'free, zeroed'],
    [swatch('z'), 'frame 0: the zero page, outside the pool'],
  ];
  root.replaceChildren(...items.map(([icon, text]) => el('li', {}, icon, text)));
}
