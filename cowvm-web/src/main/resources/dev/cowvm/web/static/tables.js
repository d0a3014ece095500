// The processes, each as a card with its page table: virtual page -> frame, the R W X
// permissions, copy-on-write and the other marks, and how many entries share the frame.
// Pages never touched and the unmapped space between regions are one row each.

import { rowKey } from './effects.js';
import { colourOf, el, hex, inkOf, plural, size, words } from './format.js';

/**
 * Draws the cards and returns the table row of every entry, by row key, for the arrows.
 * @param ctx { selectedPid, newPids: Set, onSelect(pid), onEntry(row, process, event), onLeave() }
 */
export function renderProcesses(root, view, ctx) {
  const rows = new Map();
  const procs = view.state.processes;
  if (!procs.length) {
    root.replaceChildren(el('div', { class: 'empty' },
      view.state.machine.started ? 'No processes.' : 'No processes yet: press Step to run the first statement.'));
    return rows;
  }
  root.replaceChildren(...procs.map(p => card(p, view, ctx, rows)));
  return rows;
}

function card(p, view, ctx, rows) {
  const alive = p.status === 'running';
  const classes = ['proc'];
  if (p.pid === ctx.selectedPid) classes.push('selected');
  if (ctx.newPids.has(p.pid)) classes.push('new');
  if (!alive) classes.push('gone');
  const node = el('article', { class: classes.join(' '), 'data-process': p.name, 'data-pid': p.pid,
    style: { '--colour': colourOf(p.pid), '--colour-ink': inkOf(p.pid) }, onclick: () => ctx.onSelect(p.pid) },
  el('div', { class: 'head' },
    el('span', { class: 'pname' }, p.name),
    el('span', { class: 'pid' }, `pid ${p.pid}`),
    el('span', { class: `status ${p.status}` }, statusText(p)),
    p.parent ? el('span', { class: 'pid' }, `child of ${p.parent}`) : null));
  if (!alive) {
    node.append(el('div', { class: 'usage' }, `no memory: ${p.reason || p.status}; every frame went back to the pool`));
    return node;
  }
  const u = p.usage;
  node.append(el('div', { class: 'usage' },
    `rss ${size(u.rss)} \u00b7 pss ${size(u.pss)} \u00b7 uss ${size(u.uss)}`
    + (u.shared ? ` \u00b7 ${size(u.shared)} shared` : '')));
  const others = p.tables.slice(1).map(t => t.frame);
  node.append(el('div', { class: 'tables-line' },
    `page table (${p.paging.replace(/^sv/, "Sv")}): root in frame ${p.root}`
    + (others.length ? `, ${plural(others.length, 'lower table')} in ${words(others.map(String))}` : '')));
  node.append(table(p, view, ctx, rows));
  return node;
}

function statusText(p) {
  if (p.status === 'running') return 'running';
  const how = p.status === 'exited' ? `exited (${p.exitCode})` : p.status;
  // A process with no parent was reaped as it ended: nobody could wait for it.
  if (p.reaped) return p.parent ? `${how}, reaped by ${p.parent}` : `${how}, ended (no parent to wait for it)`;
  return p.zombie ? `${how}, zombie` : how;
}

function table(p, view, ctx, rows) {
  const body = el('tbody');
  if (!p.regions.length) {
    body.append(el('tr', { class: 'gap' }, el('td', { colspan: 6 }, 'no regions mapped yet')));
  }
  p.regions.forEach((r, i) => {
    if (i > 0 && r.start > p.regions[i - 1].end) {
      body.append(el('tr', { class: 'gap' },
        el('td', { colspan: 6 }, `\u22ee unmapped: ${size(r.start - p.regions[i - 1].end)}`)));
    }
    body.append(el('tr', { class: 'region' }, el('td', { colspan: 6 },
      `${r.name} \u00b7 ${r.prot} \u00b7 ${size(r.end - r.start)} at ${hex(r.start)}`)));
    for (const row of r.rows) body.append(tableRow(p, row, view, ctx, rows));
  });
  return el('table', { class: 'pt' },
    el('thead', {}, el('tr', {},
      el('th', {}, 'virtual page'), el('th', {}, ''), el('th', {}, 'frame'), el('th', {}, 'R W X'),
      el('th', {}, ''), el('th', {}, 'refs'))),
    body);
}

function tableRow(p, row, view, ctx, rows) {
  if (row.kind !== 'entry') {
    const text = row.kind === 'more'
      ? `\u2026 ${plural(row.pages, 'more page')} (rows left out)`
      : `${plural(row.pages, 'page')} not touched yet`;
    return el('tr', { class: 'untouched' }, el('td', {}, hex(row.va)), el('td', { colspan: 5 }, text));
  }
  const key = rowKey(p.pid, row.va);
  const classes = ['entry'];
  if (view.marks.changedRows.has(key)) classes.push('changed');
  if (view.marks.focus.some(f => f.pid === p.pid && f.va >= row.va && f.va < row.va + row.pages * 4096)) {
    classes.push('focus');
  }
  const cow = row.flags[6] === 'C';
  const frames = row.zero || row.pages === 1 ? String(row.frame) : `${row.frame}\u2013${row.frame + row.pages - 1}`;
  const tr = el('tr', { class: classes.join(' '), 'data-va': row.va, 'data-frame': row.frame,
    'data-pages': row.pages, 'data-flags': row.flags, 'data-cow': String(cow),
    onmouseenter: e => ctx.onEntry(row, p, e), onmousemove: e => ctx.onEntry(row, p, e), onmouseleave: ctx.onLeave },
  el('td', {}, hex(row.va), row.pages > 1 ? el('span', { class: 'pid' }, ` \u00d7${row.pages}`) : null),
  el('td', { class: 'arrowcell' }, '\u2192'),
  el('td', { class: 'frame' }, frames),
  el('td', {}, ...['r', 'w', 'x'].map((c, i) => el('span', { class: row.flags[i] === c ? 'flag' : 'flag off' },
    row.flags[i] === c ? c.toUpperCase() : '\u2013'))),
  el('td', {},
    cow ? el('span', { class: 'badge cow', title: 'copy-on-write: a write copies the page first' }, 'COW') : null,
    row.zero ? el('span', { class: 'badge zero', title: 'the shared zero page, read-only' }, 'zero page') : null,
    row.flags[7] === 'H' ? el('span', { class: 'badge held', title: 'kept while the region is inaccessible' },
      'held') : null),
  el('td', {}, row.refs > 1 ? el('span', { class: 'badge shared' }, `\u00d7${row.refs}`) : row.refs ?? ''));
  rows.set(key, { tr, row, pid: p.pid });
  return tr;
}
