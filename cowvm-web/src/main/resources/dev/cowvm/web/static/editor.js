// The scenario editor: a plain textarea with a gutter of line numbers and a backdrop of
// line bands behind the text (the current statement, errors, failed expectations). The
// textarea never wraps, so line N is always at (N - 1) line heights from the top.
//
// A band's note sits after its line's text on one line, and is cut short when the line
// leaves it little room. The whole note is then shown in a box under the line while the
// pointer is over that line, or the caret is on it: above the text, never taking the
// pointer's events, so typing and selecting go on as usual.

import { el } from './format.js';

export class Editor {
  /**
   * @param root     the .editor element
   * @param onChange called (debounced by the caller) whenever the user edits the text
   * @param onStep   called on Ctrl+Enter
   */
  constructor(root, { onChange, onStep }) {
    this.area = root.querySelector('textarea');
    this.gutter = root.querySelector('.gutter-lines');
    this.bands = root.querySelector('.bands');
    this.marks = { current: null, done: new Set(), failed: new Map(), errors: [] };
    this.notes = new Map(); // line -> its band's note element
    this.hovered = null;    // the line under the pointer
    this.full = el('div', { class: 'note-full', role: 'tooltip', hidden: true });
    root.querySelector('.code').append(this.full);
    this.area.addEventListener('mousemove', e => this.pointAt(e));
    this.area.addEventListener('mouseleave', () => {
      this.hovered = null;
      this.renderFull();
    });
    for (const type of ['keyup', 'click', 'focus', 'blur']) {
      this.area.addEventListener(type, () => this.renderFull());
    }
    this.area.addEventListener('input', () => {
      this.renderGutter();
      onChange(this.text);
    });
    this.area.addEventListener('scroll', () => this.syncScroll());
    this.area.addEventListener('keydown', e => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        onStep();
      } else if (e.key === 'Tab' && !e.shiftKey) {
        // A tab inserts spaces rather than leaving the editor: scenarios are indented by hand.
        e.preventDefault();
        this.area.setRangeText('    ', this.area.selectionStart, this.area.selectionEnd, 'end');
        this.area.dispatchEvent(new Event('input'));
      }
    });
  }

  get text() {
    return this.area.value;
  }

  set text(value) {
    this.area.value = value;
    this.area.scrollTop = 0;
    this.renderGutter();
  }

  get lineHeight() {
    return parseFloat(getComputedStyle(this.area).lineHeight) || 20;
  }

  /**
   * What to show on which line.
   * @param current the line of the statement run last, or null
   * @param done    lines of the statements already run
   * @param failed  line -> message of a failed expectation
   * @param errors  [{line, column, message}] problems that stop the scenario
   */
  mark({ current = null, done = new Set(), failed = new Map(), errors = [] }) {
    this.marks = { current, done, failed, errors };
    this.renderGutter();
    this.renderBands();
  }

  renderGutter() {
    const count = this.area.value.split('\n').length;
    const { current, done, failed, errors } = this.marks;
    const errorLines = new Set(errors.map(e => e.line));
    const rows = [];
    for (let n = 1; n <= count; n++) {
      const cls = errorLines.has(n) ? 'error' : n === current ? 'current' : failed.has(n) ? 'failed'
        : done.has(n) ? 'done' : null;
      rows.push(el('div', { class: cls, 'data-line': n }, String(n)));
    }
    this.gutter.replaceChildren(...rows);
    this.syncScroll();
  }

  /** The width of one character of the editor's monospace font. */
  get charWidth() {
    if (!this.measured) {
      const ctx = document.createElement('canvas').getContext('2d');
      ctx.font = getComputedStyle(this.area).font;
      this.measured = ctx.measureText('0123456789').width / 10 || 7.5;
    }
    return this.measured;
  }

  renderBands() {
    const h = this.lineHeight;
    const lines = this.area.value.split('\n');
    // A note starts two characters after its line's text, so it hides none of it.
    const notePlace = line => {
      const left = 8 + ((lines[line - 1] || '').length + 2) * this.charWidth;
      return left < this.area.clientWidth - 80
        ? { left: `${left}px`, right: 'auto', maxWidth: `calc(100% - ${left + 6}px)` } : {};
    };
    this.notes.clear();
    const band = (line, cls, note) => {
      const span = note ? el('span', { class: 'note', title: note, style: notePlace(line) }, note) : null;
      if (span) this.notes.set(line, span);
      return el('div', { class: `band ${cls}`, style: { top: `${(line - 1) * h}px` } }, span);
    };
    const { current, failed, errors } = this.marks;
    const bands = [];
    if (current) bands.push(band(current, 'current'));
    for (const [line, message] of failed) bands.push(band(line, 'failed', message));
    // Several problems on one line: the first one's message is enough in the band.
    const seen = new Set();
    for (const e of errors) {
      if (seen.has(e.line)) continue;
      seen.add(e.line);
      bands.push(band(e.line, 'error', e.message));
    }
    this.bands.replaceChildren(...bands);
    this.syncScroll();
  }

  syncScroll() {
    const y = `translateY(${-this.area.scrollTop}px)`;
    this.gutter.style.transform = y;
    this.bands.style.transform = y;
    this.renderFull();
  }

  /** Notes which line the pointer is over. */
  pointAt(event) {
    const r = this.area.getBoundingClientRect();
    const y = event.clientY - r.top + this.area.scrollTop - (parseFloat(getComputedStyle(this.area).paddingTop) || 0);
    const line = Math.floor(y / this.lineHeight) + 1;
    if (line !== this.hovered) {
      this.hovered = line;
      this.renderFull();
    }
  }

  /** The line the caret is on, while the editor has the focus; else null. */
  get caretLine() {
    if (document.activeElement !== this.area) return null;
    return this.area.value.slice(0, this.area.selectionStart).split('\n').length;
  }

  /** Shows in full the note of the line pointed at (or else the caret's), if its band cuts it short. */
  renderFull() {
    const box = this.full;
    const line = [this.hovered, this.caretLine].find(n => n !== null && this.notes.has(n));
    const note = line ? this.notes.get(line) : null;
    const h = this.lineHeight;
    const pad = parseFloat(getComputedStyle(this.area).paddingTop) || 0;
    const top = line ? (line - 1) * h + pad - this.area.scrollTop : 0;
    if (!note || note.scrollWidth <= note.clientWidth + 1 || top + h <= 0 || top >= this.area.clientHeight) {
      box.hidden = true;
      return;
    }
    box.textContent = note.title;
    box.hidden = false;
    const below = top + h + 2;
    const above = top - box.offsetHeight - 2;
    box.style.top = `${below + box.offsetHeight <= this.area.clientHeight || above < 0 ? below : above}px`;
  }

  /** Scrolls so that a line is in view, leaving a little context above it. */
  reveal(line) {
    const h = this.lineHeight;
    const top = (line - 1) * h;
    const view = this.area.clientHeight;
    if (top < this.area.scrollTop + h || top > this.area.scrollTop + view - 2 * h) {
      this.area.scrollTop = Math.max(0, top - view / 3);
    }
  }

  /** Puts the cursor at a line and column, for a click on an error. */
  focusAt(line, column = 1) {
    const lines = this.area.value.split('\n');
    let offset = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
    offset += Math.max(0, Math.min(column - 1, (lines[line - 1] || '').length));
    this.area.focus();
    this.area.setSelectionRange(offset, offset);
    this.reveal(line);
  }
}
