// The visualizer's controller. It holds the scenario text and which statement is shown,
// asks the server for the state after that statement (the server keeps nothing: each
// request replays the scenario), and draws it. A statement that copies a page or clears a
// stale frame is shown in sub-steps: Step goes through them before the next statement.

import { ApiError, getJson, postJson } from './api.js';
import { drawArrows } from './arrows.js';
import { renderCounters } from './counters.js';
import { Editor } from './editor.js';
import { finalView, namesOf, phasesOf } from './effects.js';
import { el, inkOf, plural } from './format.js';
import { renderGrid, renderLegend } from './grid.js';
import { renderProcesses } from './tables.js';
import { Tooltip, entryTip, frameTip, whoMaps } from './tooltip.js';

const $ = id => document.getElementById(id);

const app = {
  name: 'scenario.cow',
  opened: '',        // the text as it was opened, to tell an edited one
  resp: null,        // the last answer shown: the state after statement resp.step
  shownText: null,   // the text that answer was computed from
  phases: [],        // the sub-steps of that statement
  phase: null,       // the sub-step shown, or null for the whole statement
  view: null,
  pinned: null,      // the pid the user clicked on, followed until clicked again
  following: null,   // the pid whose entries have arrows
  errors: [],        // located problems: shown in the editor until the text runs again
  seq: 0,            // each request's number: an answer to an older one is dropped
  allCounters: false,
  allPrinted: false, // the whole of a long printout, once asked for
  rows: new Map(),
  geometry: null,
  histories: new Map(),
};

const editor = new Editor($('editor'), { onChange: edited, onStep: step });
const tooltip = new Tooltip($('tooltip'));

// ------------------------------------------------------------------ requests

/**
 * Shows the state after `target` statements (a number, or 'end').
 * @param animate show the statement's sub-steps from the first, as Step does
 * @param keep    problems to keep showing (those of the statement that stopped the run)
 */
async function go(target, { animate = false, keep = [] } = {}) {
  const text = editor.text;
  const seq = ++app.seq;
  setBusy(true);
  try {
    const resp = await postJson('/api/run', { text, name: app.name, step: target });
    if (seq !== app.seq) return;
    app.errors = keep;
    show(resp, text, animate);
  } catch (e) {
    if (seq !== app.seq) return;
    await refused(e, target);
  } finally {
    if (seq === app.seq) setBusy(false);
  }
}

/** What to do when the server refuses: show where the problem is, keep the text as it is. */
async function refused(e, target) {
  if (!(e instanceof ApiError)) {
    problems([{ message: `cannot reach the server (${e.message}); is cowvm serve still running?` }]);
    return;
  }
  const body = e.body;
  if (e.status === 400 && typeof body.statements === 'number' && target !== 'end') {
    // The text was edited and has fewer statements now: show its last one instead.
    return go(body.statements);
  }
  if (body.diagnostics) {
    app.errors = body.diagnostics;
    if (typeof body.ran === 'number' && target !== body.ran) {
      // The run stopped at a statement: show the state just before it, with the problem marked.
      return go(body.ran, { keep: body.diagnostics });
    }
    if (app.resp) {
      render(); // the last state that ran, said to be of the text before the edit
    } else {
      markEditor();
      $('caption').replaceChildren(el('div', { class: 'statement' },
        'The scenario has errors: fix the lines marked in the editor and it runs.'));
    }
    problems(body.diagnostics, body.error);
    return;
  }
  problems([{ message: body.error }]);
}

function setBusy(busy) {
  document.body.dataset.busy = String(busy);
}

// ------------------------------------------------------------------ controls

function step() {
  if (!app.resp) return;
  if (app.phase !== null && app.phase < app.phases.length - 1) {
    app.phase++;
    render();
  } else if (app.resp.step < app.resp.statements && app.shownText === editor.text) {
    go(app.resp.step + 1, { animate: true });
  } else if (app.shownText !== editor.text) {
    go(app.resp.step);
  }
}

function back() {
  if (!app.resp) return;
  if (app.phase !== null && app.phase > 0) {
    app.phase--;
    render();
  } else if (app.resp.step > 0) {
    go(app.resp.step - 1);
  }
}

function choosePhase(i) {
  app.phase = i;
  render();
}

let editTimer = null;

/** An edit runs the new text to the same statement, once the typing pauses. */
function edited() {
  fileLabel();
  clearTimeout(editTimer);
  editTimer = setTimeout(() => {
    sessionStorage.setItem('cowvm.text', editor.text);
    go(app.resp ? app.resp.step : 0);
  }, 450);
}

/** The statement to open at: #step=N in the address, else the first. */
function stepInAddress() {
  const m = /^#step=(\d+|end)$/.exec(location.hash);
  return m ? (m[1] === 'end' ? 'end' : Number(m[1])) : 0;
}

/** The scenario's name, and whether the text differs from what was opened. */
function fileLabel() {
  $('file-name').textContent = app.name + (editor.text === app.opened ? '' : ' (edited)');
}

function openScenario(name, text, at = 0) {
  app.name = name;
  app.opened = text;
  app.pinned = null;
  app.errors = [];
  app.histories.clear();
  editor.text = text;
  sessionStorage.setItem('cowvm.text', text);
  sessionStorage.setItem('cowvm.name', name);
  fileLabel();
  for (const b of $('examples').querySelectorAll('button')) {
    b.setAttribute('aria-pressed', String(`${b.dataset.example}.cow` === name));
  }
  go(at);
}

async function openExample(name) {
  try {
    const ex = await getJson(`/api/examples/${encodeURIComponent(name)}`);
    openScenario(ex.name, ex.text);
  } catch (e) {
    problems([{ message: e.message }]);
  }
}

function keys(e) {
  const inText = e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLInputElement;
  if (inText || e.altKey || e.ctrlKey || e.metaKey) return;
  // Space on a focused button presses that button; it must not also step.
  if (e.key === ' ' && e.target instanceof HTMLButtonElement) return;
  const action = { ArrowRight: step, ' ': step, ArrowLeft: back, Home: () => go(0), End: () => go('end') }[e.key];
  if (action) {
    e.preventDefault();
    action();
  }
}

// ------------------------------------------------------------------ drawing

function show(resp, text, animate) {
  // Counts the answers shown, so a test can wait for the next one.
  document.body.dataset.shown = String(Number(document.body.dataset.shown || 0) + 1);
  app.resp = resp;
  app.shownText = text;
  app.phases = phasesOf(resp);
  app.phase = animate && app.phases.length ? 0 : null;
  app.allPrinted = false;
  app.histories.clear();
  render();
}

function render() {
  const resp = app.resp;
  const view = app.phase === null ? finalView(resp) : app.phases[app.phase];
  app.view = view;
  markEditor();
  problems(app.errors);
  caption(resp);
  position(resp);
  const names = namesOf(resp.state);
  app.following = follow(resp, view);
  // A process the statement created is flashed once its state is the one drawn.
  const before = new Set(resp.before ? resp.before.processes.map(p => p.pid) : []);
  const created = resp.before && view.state === resp.state
    ? view.state.processes.filter(p => !before.has(p.pid)).map(p => p.pid) : [];
  app.rows = renderProcesses($('processes'), view, {
    selectedPid: app.following,
    newPids: new Set(created),
    onSelect: pid => {
      app.pinned = app.pinned === pid ? null : pid;
      render();
    },
    onEntry: (row, p, e) => tooltip.target === row ? tooltip.move(e) : tooltip.show(e, row, entryTip(row, p)),
    onLeave: () => tooltip.hide(),
  });
  $('select-hint').textContent = app.pinned ? 'following your choice (click it again to let go)'
    : 'following the statement; click a process to follow it';
  app.maps = whoMaps(view.state);
  app.geometry = renderGrid($('grid'), view, {
    width: $('grid').parentElement.clientWidth,
    height: Math.max(280, window.innerHeight * 0.55),
    shown: resp.state.frames.shown,
    selected: framesOf(view.state, app.following),
    names,
  });
  machine(view.state);
  counters();
  // The address says which statement is shown, so a reload or a shared link opens there.
  history.replaceState(null, '', `#step=${resp.step}`);
  document.body.dataset.step = String(resp.step);
  document.body.dataset.phase = app.phase === null ? 'final' : String(app.phase + 1);
  // Drawn now, not on the next frame: the page is complete when render returns.
  arrows();
}

/** The process to draw arrows for: the one clicked, else the child of a fork, else the statement's actor. */
function follow(resp, view) {
  const pids = new Set(view.state.processes.map(p => p.pid));
  if (app.pinned !== null && pids.has(app.pinned)) return app.pinned;
  const cur = resp.current;
  const fork = cur && cur.events.find(e => e.type === 'fork');
  if (fork) return fork.child;
  const focus = view.marks.focus[0];
  if (focus) return focus.pid;
  const actor = cur && cur.actor && view.state.processes.find(p => p.name === cur.actor);
  if (actor) return actor.pid;
  if (pids.has(app.following)) return app.following;
  const running = view.state.processes.find(p => p.status === 'running');
  return running ? running.pid : null;
}

/** The frames a process uses: its page-table pages and the frames its entries map. */
function framesOf(state, pid) {
  const out = new Set();
  const p = state.processes.find(q => q.pid === pid);
  if (!p) return out;
  for (const t of p.tables) out.add(t.frame);
  for (const r of p.regions) {
    for (const row of r.rows) {
      if (row.kind !== 'entry' || row.zero) continue;
      for (let i = 0; i < row.pages; i++) out.add(row.frame + i);
    }
  }
  return out;
}

function markEditor() {
  const resp = app.resp;
  const same = resp && app.shownText === editor.text;
  const done = new Set(same ? resp.lines.slice(0, resp.step) : []);
  const failed = new Map(same ? resp.expectations.failures.map(f => [f.line, f.message]) : []);
  editor.mark({ current: same && resp.current ? resp.current.line : null, done, failed, errors: app.errors });
  if (same && resp.current) editor.reveal(resp.current.line);
}

function problems(list, summary) {
  const box = $('problems');
  if (!list.length) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  box.hidden = false;
  const items = list.map(d => el('button', { type: 'button', onclick: () => d.line && editor.focusAt(d.line, d.column) },
    d.line ? el('span', { class: 'where' }, `line ${d.line}${d.column ? `:${d.column}` : ''}`) : null, d.message));
  box.replaceChildren(...(summary && list.length > 1 ? [el('div', {}, summary)] : []), ...items);
}

/**
 * The caption: the chapter, the statement, what the kernel did, and what the statement
 * printed. A statement shown in sub-steps has one version of it per sub-step, all laid out
 * in the same place and only the one shown visible, so the caption keeps its height (the
 * tallest one's) and nothing under it moves from one sub-step to the next.
 */
function caption(resp) {
  const box = $('caption');
  const cur = resp.current;
  const shownPhase = cur ? app.phase : null;
  const versions = cur && app.phases.length ? [null, ...app.phases.map((_, i) => i)] : [null];
  // The one shown first, so that it is what a search of the caption finds first.
  versions.sort((a, b) => (b === shownPhase) - (a === shownPhase));
  box.replaceChildren(...versions.map(phase => {
    const shown = phase === shownPhase;
    const view = phase === null ? null : app.phases[phase];
    return el('div', { class: 'variant', inert: !shown, 'aria-hidden': shown ? null : 'true' },
      ...captionParts(resp, view, phase));
  }));
}

function captionParts(resp, view, phase) {
  const cur = resp.current;
  const parts = [];
  parts.push(el('div', { class: 'chapter' }, resp.narration || (cur ? resp.name : `${resp.name}: nothing has run yet`)));
  if (!cur) {
    parts.push(el('div', { class: 'statement' }, 'Press Step (\u2192) to run the first statement.'));
  } else {
    const outcome = { passed: 'expectation held', failed: 'expectation FAILED', skipped: 'skipped' }[cur.outcome];
    const [code, comment] = splitComment(cur.source);
    parts.push(el('div', { class: 'statement' }, el('span', { class: 'line' }, `line ${cur.line}`), code,
      comment ? el('span', { class: 'comment' }, `  ${comment}`) : null,
      outcome ? el('span', { class: `outcome-${cur.outcome}` }, `  \u2014 ${outcome}`) : null));
    if (cur.failure) parts.push(el('div', { class: 'outcome-failed' }, cur.failure));
    if (!view && cur.explain.length) {
      parts.push(el('ul', { class: 'explain' }, ...cur.explain.map(t => el('li', {}, t))));
    }
    if (app.phases.length) parts.push(phaseBar(view, phase));
    parts.push(printed(cur));
  }
  if (app.shownText !== editor.text) {
    parts.push(el('div', { class: 'stale-note' }, 'The text has changed since this was run; it runs again when you pause typing.'));
  }
  return parts;
}

/** Lines printed past this many are behind a button: a long table must not push the page away. */
const PRINTED_LINES = 40;

/** What the statement printed, each line as printed: a table's rows stay whole. */
function printed(cur) {
  const lines = cur.output.flatMap(l => l.replace(/\n$/, '').split('\n'));
  if (!lines.length) return null;
  const long = lines.length > PRINTED_LINES && !app.allPrinted;
  const shown = long ? lines.slice(0, PRINTED_LINES - 10) : lines;
  const more = long ? el('button', { type: 'button', class: 'more linkish', onclick: () => {
    app.allPrinted = true;
    render();
  } }, `all ${lines.length} lines`) : null;
  return el('pre', { class: cur.outcome === 'failed' ? 'printed failed' : 'printed', 'aria-label': 'What the statement printed' },
    shown.join('\n'), more);
}

/** A line split into its statement and its comment: '#' starts one outside a string. */
function splitComment(line) {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && quoted) i++;
    else if (c === '"') quoted = !quoted;
    else if (c === '#' && !quoted) return [line.slice(0, i).trimEnd(), line.slice(i)];
  }
  return [line, ''];
}

/** The sub-steps as buttons; with the text of the one shown (`phase`), if one is. */
function phaseBar(view, phase) {
  const chips = app.phases.map((p, i) => el('button', { type: 'button', 'data-phase': i + 1,
    'aria-current': i === phase ? 'step' : null, onclick: () => choosePhase(i) }, `${i + 1}. ${p.phase.name}`));
  const title = el('span', { class: 'title' }, app.phases[0].phase.title);
  if (!view) {
    return el('div', { class: 'phases' }, title, el('span', { class: 'hint' }, 'see it in steps:'), ...chips);
  }
  return el('div', {}, el('div', { class: 'phases' }, title, ...chips),
    el('div', { class: 'phase-text', 'data-phase-text': phase + 1 },
      el('b', {}, `Step ${phase + 1} of ${app.phases.length}. `), view.phase.text));
}

function position(resp) {
  const phase = app.phase === null ? '' : ` \u00b7 part ${app.phase + 1} of ${app.phases.length}`;
  const e = resp.expectations;
  const tally = e.passed || e.failed ? ` \u00b7 expectations: ${e.passed} held${e.failed ? `, ${e.failed} failed` : ''}` : '';
  $('position').textContent = `statement ${resp.step} of ${resp.statements}${phase}${tally}`;
  $('position').dataset.step = resp.step;
  $('reset').disabled = resp.step === 0;
  $('back').disabled = resp.step === 0 && !app.phase;
  $('step').disabled = resp.step === resp.statements && (app.phase === null || app.phase === app.phases.length - 1)
    && app.shownText === editor.text;
  $('end').disabled = resp.step === resp.statements;
}

function machine(state) {
  const m = state.machine;
  $('machine').textContent = `Pool: ${m.pool} \u00b7 zero ${m.zero} \u00b7 fork ${m.forkMode}`;
  // Cells 0 to drawn - 1 are drawn; the pool's frames go up to m.frames.
  const drawn = app.geometry.shown;
  const rest = m.frames - drawn + 1;
  $('grid-note').textContent = rest > 0
    ? `Frames ${drawn} to ${m.frames} (${plural(rest, 'frame')}) have never been used: zero, not drawn.`
    : '';
  const warn = state.warnings.length ? ` ${state.warnings.join(' ')}` : '';
  if (warn) $('grid-note').textContent += warn;
}

function counters() {
  const { items, toggle } = renderCounters($('counters'), app.view.state.stats,
    app.phase === null && app.resp.before ? app.resp.before.stats : null, app.allCounters);
  toggle.addEventListener('click', () => {
    app.allCounters = !app.allCounters;
    counters();
  });
  $('counters').replaceChildren(...items);
}

/** Arrows from the followed process's entries to their frames, and the copy of a copy-on-write fault. */
function arrows() {
  const g = app.geometry;
  if (!g || !app.view) return;
  const grid = $('grid').getBoundingClientRect();
  const tables = $('processes').getBoundingClientRect();
  const frames = document.querySelector('.frames-panel').getBoundingClientRect();
  const corner = f => {
    const c = g.corner(f);
    return { x: grid.left + c.x, y: grid.top + c.y };
  };
  const links = [];
  // The arrows run in the gap between the tables and the frames: none when the frames are
  // under the tables (a narrow window).
  const gap = { left: tables.right, right: frames.left };
  if (gap.right - gap.left >= 24) {
    const rows = [...app.rows.values()].filter(({ row, pid }) => pid === app.following && row.frame < g.shown);
    const across = gap.right - gap.left - 20;
    rows.forEach(({ tr, row }, i) => {
      const r = tr.getBoundingClientRect();
      const from = { x: tables.right - 4, y: r.top + r.height / 2 };
      // Each arrow turns at its own place across the gap, so that they do not run on top of each other.
      const turn = gap.left + 10 + (rows.length > 1 ? i * across / (rows.length - 1) : across / 2);
      links.push({ kind: 'link', colour: inkOf(app.following, 3), to: row.frame,
        points: [from, { x: turn, y: from.y }, ...intoCell(row.frame, turn)] });
    });
  }
  // A few copy arrows say it; sixteen would only hide the cells. The label counts them all.
  const copies = app.view.marks.copies;
  if (g.lanes) {
    for (const [from, to] of copies.slice(0, 4)) {
      const a = corner(from);
      const b = corner(to);
      const half = g.cell / 2;
      const laneA = grid.top + g.laneY(from);
      const laneB = grid.top + g.laneY(to);
      // Along the lane under the shared frame; round the right side of the grid to the copy's row.
      const round = laneA === laneB ? [] : [{ x: grid.left + g.width + 6, y: laneA }, { x: grid.left + g.width + 6, y: laneB }];
      links.push({ kind: 'copy', colour: '#b45309', from, to, points: [{ x: a.x + half, y: a.y + g.cell },
        { x: a.x + half, y: laneA }, ...round, { x: b.x + half, y: laneB }, { x: b.x + half, y: b.y + g.cell }] });
    }
  }
  let label = null;
  if (copies.length) {
    const mid = (corner(copies[0][0]).x + corner(copies[0][1]).x) / 2 + g.cell / 2;
    label = { x: Math.min(Math.max(mid, grid.left + 50), grid.left + g.width - 50), y: grid.top + g.height + 14,
      text: copies.length === 1 ? 'copy 4 KiB' : `copy ${copies.length} pages` };
  }
  drawArrows($('arrows'), links, label);

  /** From the gap at x = turn to frame f: along the lane under its row and up into it, or straight into its left side. */
  function intoCell(f, turn) {
    const c = corner(f);
    if (g.column(f) === 0) return [{ x: turn, y: c.y + g.cell / 2 }, { x: c.x, y: c.y + g.cell / 2 }];
    if (!g.lanes) {
      // Cells too small for lanes: the arrow points at the row; the frames are outlined.
      return [{ x: turn, y: c.y + g.cell / 2 }, { x: grid.left - 2, y: c.y + g.cell / 2 }];
    }
    const lane = grid.top + g.laneY(f);
    const x = c.x + g.cell / 2;
    return [{ x: turn, y: lane }, { x, y: lane }, { x, y: c.y + g.cell }];
  }
}

// ------------------------------------------------------------------ hovering frames

let historyTimer = null;

function hoverFrame(e) {
  const cell = e.target.closest && e.target.closest('.cell');
  if (!cell) {
    tooltip.hide();
    return;
  }
  const f = Number(cell.dataset.frame);
  if (tooltip.target === `frame-${f}`) {
    tooltip.move(e);
    return;
  }
  const names = namesOf(app.resp.state);
  const key = `${app.resp.step}:${f}`;
  tooltip.show(e, `frame-${f}`, frameTip(f, app.view.state, app.maps, names, app.histories.get(key) || null));
  clearTimeout(historyTimer);
  if (app.histories.has(key) || app.shownText !== editor.text) return;
  // The history replays the scenario on the server: ask only once the pointer rests on a frame.
  const ask = { text: app.shownText, name: app.name, step: app.resp.step, frame: f };
  historyTimer = setTimeout(async () => {
    try {
      const history = await postJson('/api/frame', ask);
      app.histories.set(key, history);
      tooltip.update(`frame-${f}`, frameTip(f, app.view.state, app.maps, names, history));
    } catch {
      // The history is a detail: the card already says what the frame is.
    }
  }, 150);
}

// ------------------------------------------------------------------ start

/** The editor's column is as tall as the window under the top bar, which wraps on a narrow one. */
function barHeight() {
  document.documentElement.style.setProperty('--bar-height', `${document.querySelector('.bar').offsetHeight}px`);
}

async function start() {
  renderLegend($('legend'));
  $('step').addEventListener('click', step);
  $('back').addEventListener('click', back);
  $('reset').addEventListener('click', () => go(0));
  $('end').addEventListener('click', () => go('end'));
  document.addEventListener('keydown', keys);
  $('grid').addEventListener('mousemove', hoverFrame);
  $('grid').addEventListener('mouseleave', () => tooltip.hide());
  barHeight();
  window.addEventListener('resize', () => {
    barHeight();
    if (app.resp) render();
  });
  let info;
  try {
    info = await getJson('/api/info');
  } catch (e) {
    problems([{ message: `cannot load the visualizer's settings: ${e.message}` }]);
    setBusy(false);
    return;
  }
  $('examples').replaceChildren(...info.examples.map(x => el('button', { type: 'button', 'data-example': x.name,
    title: x.title, 'aria-pressed': 'false', onclick: () => openExample(x.name) }, x.name)));
  // A reload keeps this tab's text; a new tab starts from what the server was given.
  const text = sessionStorage.getItem('cowvm.text');
  const name = sessionStorage.getItem('cowvm.name');
  if (text !== null && name) openScenario(name, text, stepInAddress());
  else openScenario(info.initial.name, info.initial.text, stepInAddress());
}

start();
