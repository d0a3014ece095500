// What a statement did, worked out from the state before it, the state after it and the
// kernel's events: which frames and entries changed, and, for the two mechanisms the
// slide draws in steps, the sub-steps to show one at a time:
//
//   copy-on-write: 1. a new frame is taken from the pool
//                  2. the shared frame is copied into it
//                  3. the writer's entry points at the copy, writable; the write is done
//   zero-fill of a frame with stale bytes:
//                  1. the frame is taken from the pool, still holding someone's bytes
//                  2. it is cleared (or, under the insecure policy none, it is not)
//
// A view is { state, marks, phase }: the page draws state, and marks say what to stress.

import { hex, plural, quote, size, words } from './format.js';

/** The key of a page-table row: a process and the first page of the row. */
export function rowKey(pid, va) {
  return `${pid}:${va}`;
}

/** Every entry row of a state, by key: its frame and raw entry. */
function entries(state) {
  const out = new Map();
  for (const p of state.processes) {
    for (const r of p.regions) {
      for (const row of r.rows) {
        if (row.kind === 'entry') out.set(rowKey(p.pid, row.va), `${row.frame}/${row.pte}/${row.pages}/${row.refs}`);
      }
    }
  }
  return out;
}

function frameAt(frames, f) {
  return f < frames.shown ? `${frames.state[f]}/${frames.refs[f]}/${frames.owner[f]}` : 'f/0/0';
}

/** The frames and rows that differ between two states (all of them new if there is no before). */
export function changes(before, after) {
  const frames = new Set();
  const rows = new Set();
  if (!before) return { frames, rows };
  const n = Math.max(before.frames.shown, after.frames.shown);
  for (let f = 0; f < n; f++) {
    if (frameAt(before.frames, f) !== frameAt(after.frames, f)) frames.add(f);
  }
  const old = entries(before);
  for (const [key, value] of entries(after)) {
    if (old.get(key) !== value) rows.add(key);
  }
  return { frames, rows };
}

/** pid -> name, from the processes of a state. */
export function namesOf(state) {
  return new Map(state.processes.map(p => [p.pid, p.name]));
}

function emptyMarks() {
  return { changedFrames: new Set(), changedRows: new Set(), taken: new Set(), fills: new Map(),
    copies: [], cleared: new Set(), focus: [], mapped: new Set() };
}

/** The view of the whole statement's effect: the state after it, changes stressed. */
export function finalView(resp) {
  const marks = emptyMarks();
  const c = changes(resp.before, resp.state);
  marks.changedFrames = c.frames;
  marks.changedRows = c.rows;
  return { state: resp.state, marks, phase: null };
}

/** The sub-steps of the statement, or [] if it is shown in one piece. */
export function phasesOf(resp) {
  const cur = resp.current;
  if (!cur || !resp.before) return [];
  const faults = cur.events.filter(e => e.type === 'fault');
  const copies = faults.filter(e => e.kind === 'cow-copy');
  if (copies.length) return copyPhases(resp, copies);
  const fills = faults.filter(e => e.kind === 'zero-fill' && stateOf(resp.before, e.newFrame) === 's');
  if (fills.length) return zeroFillPhases(resp, fills);
  return [];
}

function stateOf(state, f) {
  return f < state.frames.shown ? state.frames.state[f] : 'f';
}

/** "frame 5", "frames 5 and 9", "frames 4–19": runs of consecutive frames as ranges. */
function framesWord(list) {
  if (list.length === 1) return `frame ${list[0]}`;
  const runs = [];
  for (const f of [...list].sort((a, b) => a - b)) {
    const last = runs[runs.length - 1];
    if (last && f === last[1] + 1) last[1] = f;
    else runs.push([f, f]);
  }
  return `frames ${words(runs.map(([a, b]) => (a === b ? String(a) : b === a + 1 ? `${a}, ${b}` : `${a}–${b}`)))}`;
}

function copyPhases(resp, copies) {
  const names = namesOf(resp.state);
  const writer = names.get(copies[0].pid) || `pid ${copies[0].pid}`;
  const news = copies.map(c => c.newFrame);
  const olds = [...new Set(copies.map(c => c.oldFrame))];
  const focus = copies.map(c => ({ pid: c.pid, va: c.va }));
  const one = copies.length === 1;
  const pages = copies.map(c => hex(c.va));
  const title = one ? 'Copy-on-write fault' : `Copy-on-write: ${copies.length} faults`;
  const origin = one ? poolOrigin(resp.before, news[0], names) : '';

  const taken = emptyMarks();
  taken.taken = new Set(news);
  taken.focus = focus;
  const copying = emptyMarks();
  copying.taken = new Set(news);
  copying.fills = new Map(news.map(f => [f, copies[0].pid]));
  copying.copies = copies.map(c => [c.oldFrame, c.newFrame]);
  copying.focus = focus;
  const done = emptyMarks();
  const c = changes(resp.before, resp.state);
  done.changedFrames = c.frames;
  done.changedRows = c.rows;
  done.focus = focus;
  done.mapped = new Set(news);

  const refsLeft = olds.map(f => resp.state.frames.refs[f]);
  return [
    { state: resp.before, marks: taken, phase: { title, name: 'new frame',
      text: `${writer} wrote to a shared, read-only page (${words(pages)}), so the kernel takes `
        + `${one ? 'a new frame' : plural(copies.length, 'new frame')} from the pool: ${framesWord(news)}.${origin}` } },
    { state: resp.before, marks: copying, phase: { title, name: 'copy',
      text: `The shared ${framesWord(olds)} ${one ? 'is' : 'are'} copied into ${framesWord(news)}: `
        + `${size(4096 * copies.length)}. ${writer}'s ${one ? 'entry still points' : 'entries still point'} at `
        + `${framesWord(olds)}, read-only.` } },
    { state: resp.state, marks: done, phase: { title, name: 'entry updated',
      text: `${writer}'s ${one ? 'entry now points' : 'entries now point'} at ${framesWord(news)}, writable and no `
        + `longer copy-on-write; ${framesWord(olds)} ${one ? 'is' : 'are'} mapped by one entry fewer `
        + `(now ${words(refsLeft.map(String))}); the write is done. Every other page stays shared.` } },
  ];
}

/** Where a frame taken from the pool comes from, in a sentence. */
function poolOrigin(before, f, names) {
  const s = stateOf(before, f);
  if (s === 'f') return ' It was zero (never used, or cleared).';
  const owner = names.get(before.frames.owner[f]) || 'an earlier process';
  const bytes = before.frames.bytes[f];
  return ` It still holds the stale bytes of ${owner}${bytes ? ` ("${quote(bytes)}")` : ''}; the copy will `
    + 'overwrite all of them, so it is not cleared first.';
}

function zeroFillPhases(resp, fills) {
  const names = namesOf(resp.state);
  const writer = names.get(fills[0].pid) || `pid ${fills[0].pid}`;
  const frames = fills.map(e => e.newFrame);
  const zeroed = new Set(resp.current.events.filter(e => e.type === 'frame-zero').map(e => e.frame));
  const cleared = frames.filter(f => zeroed.has(f));
  const focus = fills.map(e => ({ pid: e.pid, va: e.va }));
  const owners = [...new Set(frames.map(f => names.get(resp.before.frames.owner[f]) || 'an earlier process'))];
  const bytes = resp.before.frames.bytes[frames[0]];
  const title = 'Zero-fill on demand';

  const taken = emptyMarks();
  taken.taken = new Set(frames);
  taken.focus = focus;
  const done = emptyMarks();
  const c = changes(resp.before, resp.state);
  done.changedFrames = c.frames;
  done.changedRows = c.rows;
  done.cleared = new Set(cleared);
  done.focus = focus;

  const second = cleared.length === frames.length
    ? `${framesWord(frames)} ${frames.length === 1 ? 'is cleared, 4096 bytes of zeros,' : 'are cleared,'} before `
      + `${writer} gets ${frames.length === 1 ? 'it' : 'them'}: the stale bytes are gone. Then `
      + `${frames.length === 1 ? 'it is' : 'they are'} mapped writable and the write is done.`
    : `${framesWord(frames.filter(f => !zeroed.has(f)))} ${frames.length === 1 ? 'is' : 'are'} NOT cleared: `
      + `the zero policy is "${resp.state.machine.zero}". ${writer} can now read what ${words(owners)} left there.`;
  return [
    { state: resp.before, marks: taken, phase: { title, name: 'frame taken',
      text: `${writer}'s first write to a page never touched (${words(fills.map(e => `page ${hex(e.va - e.va % 4096)}`))}) takes `
        + `${framesWord(frames)} from the pool. It still holds the stale bytes of ${words(owners)}`
        + `${bytes ? ` ("${quote(bytes)}")` : ''}.` } },
    { state: resp.state, marks: done, phase: { title, name: cleared.length ? 'cleared' : 'not cleared',
      text: second } },
  ];
}
