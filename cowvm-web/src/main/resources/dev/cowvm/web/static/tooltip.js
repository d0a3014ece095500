// Hover cards: for a frame, its state, owner, sharers, first bytes and history; for a
// page-table entry, its Sv39 bits decoded.

import { STATES, bytesView, el, hex, plural } from './format.js';

export class Tooltip {
  constructor(node) {
    this.node = node;
    this.target = null;
  }

  /** Shows content near the pointer, kept inside the window. */
  show(event, target, content) {
    this.target = target;
    this.node.replaceChildren(content);
    this.node.hidden = false;
    this.move(event);
  }

  move(event) {
    const pad = 14;
    const r = this.node.getBoundingClientRect();
    let x = event.clientX + pad;
    let y = event.clientY + pad;
    if (x + r.width > window.innerWidth - 8) x = event.clientX - r.width - pad;
    if (y + r.height > window.innerHeight - 8) y = Math.max(8, window.innerHeight - r.height - 8);
    this.node.style.left = `${Math.max(8, x)}px`;
    this.node.style.top = `${y}px`;
  }

  /** Replaces the content if the pointer is still on the same thing. */
  update(target, content) {
    if (this.target === target && !this.node.hidden) this.node.replaceChildren(content);
  }

  hide() {
    this.target = null;
    this.node.hidden = true;
  }
}

/** Entries named a frame: enough for a tooltip, however many share it (the zero page). */
const NAMED = 6;

/**
 * frame -> { count, some: [{name, va}] } of the entries mapping it, and
 * frame -> {name, level, root} of the page-table pages.
 */
export function whoMaps(state) {
  const sharers = new Map();
  const tables = new Map();
  const add = (f, name, va, n) => {
    if (!sharers.has(f)) sharers.set(f, { count: 0, some: [] });
    const s = sharers.get(f);
    s.count += n;
    if (s.some.length < NAMED) s.some.push({ name, va });
  };
  for (const p of state.processes) {
    p.tables.forEach((t, i) => tables.set(t.frame, { name: p.name, level: t.level, root: i === 0 }));
    for (const r of p.regions) {
      for (const row of r.rows) {
        if (row.kind !== 'entry') continue;
        if (row.zero) {
          add(row.frame, p.name, row.va, row.pages);
        } else {
          for (let i = 0; i < row.pages; i++) add(row.frame + i, p.name, row.va + i * 4096, 1);
        }
      }
    }
  }
  return { sharers, tables };
}

/**
 * @param history null while it loads, else the frame endpoint's answer
 */
export function frameTip(f, state, maps, names, history) {
  const frames = state.frames;
  const letter = f < frames.shown ? frames.state[f] : 'f';
  const owner = names.get(frames.owner[f]);
  const parts = [el('h4', {}, `Frame ${f} \u00b7 ${STATES[letter].label}`)];
  const table = maps.tables.get(f);
  if (letter === 't' && table) {
    parts.push(row('holds', `${table.root ? 'the root' : `a level-${table.level}`} page table of ${table.name}`));
  } else if (letter === 'd' && owner) {
    parts.push(row('taken for', owner));
  } else if (letter === 's' && owner) {
    parts.push(row('stale bytes of', `${owner}: never cleared since it came back to the pool`));
  } else if (letter === 'z') {
    parts.push(row('is', 'all zeros, read-only; every never-written page that was read maps it'));
  }
  const who = maps.sharers.get(f);
  if (who) {
    const named = who.some.map(s => `${s.name} at ${hex(s.va)}`).join(', ');
    parts.push(row(`mapped by ${plural(who.count, 'entry', 'entries')}`,
      named + (who.count > who.some.length ? `, and ${who.count - who.some.length} more` : '')));
  }
  const bytes = history ? history.bytes : frames.bytes[f];
  if (bytes) {
    const v = bytesView(bytes);
    parts.push(row(history ? `first ${v.hex.split(' ').length} bytes` : 'first bytes', el('code', {}, v.hex)));
    parts.push(row('as text', el('code', {}, `"${v.text}"`)));
  } else if (letter !== 'z') {
    parts.push(row('first bytes', 'all zero'));
  }
  parts.push(historyList(history));
  return el('div', {}, ...parts);
}

function historyList(history) {
  if (!history) return el('div', { class: 'row' }, el('span', { class: 'k' }, 'history'), 'loading\u2026');
  if (!history.history.length) return row('history', 'nothing has happened to it yet');
  const items = history.history.slice(-8).map(h => el('li', {},
    el('span', { class: 'src' }, `line ${h.line}: ${h.statement}`), el('br'), h.what.join('; ')));
  const left = history.history.length - items.length + history.historyDropped;
  return el('div', {}, el('div', { class: 'k' }, left ? `history (last 8; ${left} earlier)` : 'history'),
    el('ol', {}, ...items));
}

function row(key, value) {
  return el('div', { class: 'row' }, el('span', { class: 'k' }, key), value);
}

const BITS = ['V', 'R', 'W', 'X', 'U', 'G', 'A', 'D', 'COW', 'H'];
const MEANING = {
  V: 'valid', R: 'readable', W: 'writable', X: 'executable', U: 'user', G: 'global',
  A: 'accessed', D: 'dirty', COW: 'copy-on-write (software bit 8)', H: 'held while inaccessible (software bit 9)',
};

/** The decoded Sv39 entry of a page-table row. */
export function entryTip(r, p) {
  const pte = BigInt(r.pte);
  const on = i => ((pte >> BigInt(i)) & 1n) === 1n;
  const ppn = (pte >> 10n) & ((1n << 44n) - 1n);
  const region = p.regions.find(g => r.va >= g.start && r.va < g.end);
  const parts = [el('h4', {}, `${p.name} \u00b7 page ${hex(r.va)}${region ? ` (${region.name})` : ''}`)];
  if (r.pages > 1) {
    parts.push(row('run', `${r.pages} pages alike, ${hex(r.va)} to ${hex(r.va + r.pages * 4096 - 1)}; this is the first`));
  }
  parts.push(row('Sv39 entry', el('code', {}, '0x' + pte.toString(16).padStart(16, '0'))));
  const cells = [el('span', { class: 'ppn', title: 'bits 53..10: physical page number' }, `PPN ${ppn}`)];
  for (let i = BITS.length - 1; i >= 0; i--) {
    cells.push(el('span', { class: `${on(i) ? 'on' : ''} ${BITS[i] === 'COW' ? 'cow' : ''}`,
      title: `bit ${i}: ${MEANING[BITS[i]]}` }, BITS[i]));
  }
  parts.push(el('div', { class: 'bits' }, ...cells));
  const set = BITS.filter((b, i) => on(i)).map(b => `${b} ${MEANING[b]}`);
  parts.push(row('set', set.join(', ')));
  parts.push(row('frame', r.zero ? `${ppn}: the shared zero page`
    : `${ppn}, mapped by ${plural(r.refs, 'entry', 'entries')}`));
  if (on(8) && r.refs === 1) {
    parts.push(row('so', 'no one else maps the frame now, yet the entry stays read-only and copy-on-write: '
      + 'the next write faults and the kernel makes it writable in place, without a copy'));
  } else if (on(8)) parts.push(row('so', 'a read is free; a write faults, and the kernel copies the page if it is still shared'));
  else if (r.zero) parts.push(row('so', 'reads see zeros; the first write takes a frame of its own (zero-fill)'));
  else if (!on(2) && !on(9)) parts.push(row('so', 'a write is a segmentation fault: the region is read-only'));
  return el('div', {}, ...parts);
}
