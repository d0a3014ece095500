// Run in the visualizer's page by LayoutIT: finds what a user at this window size could not
// read. It compares the bounding boxes the browser laid out:
//
//   labels   every fragment of text (a line of it), every svg text, the marks of shared
//            frames and the legend's swatches: no two may overlap;
//   cells    the frame grid's cells: no two may overlap, and a cell's number and mark stay
//            inside it; no label outside the grid covers a cell;
//   clipping no label is cut by a box that clips (overflow other than visible), nor by the
//            window's sides; no panel scrolls on its own (only the editor scrolls its text);
//   arrows   sampled every 1.5 px along their length: none crosses a cell but its own
//            (the frame it points at, or a copy's source), nor a label.
//
// WebDriver runs it as the body of a function; it returns
// { problems: [sentences], counts: {labels, cells, numbers, marks, arrows, samples} }.
return (() => {
  const EPS = 1;
  const problems = [];
  const report = text => {
    if (problems.length < 60) problems.push(text);
  };
  const describe = node => {
    const el = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    const cell = el.closest('#grid .cell');
    const text = (node.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
    const id = el.id ? `#${el.id}` : '';
    const cls = typeof el.className === 'string' && el.className ? `.${el.className.split(' ').join('.')}` : '';
    return `${el.tagName.toLowerCase()}${id}${cls}${cell ? ` in frame ${cell.dataset.frame}` : ''}`
      + `${text ? ` "${text}"` : ''}`;
  };
  const box = r => `[${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}x${Math.round(r.height)}]`;
  const overlap = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > EPS
    && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > EPS;
  const inside = (a, b, tolerance) => a.left >= b.left - tolerance && a.right <= b.right + tolerance
    && a.top >= b.top - tolerance && a.bottom <= b.bottom + tolerance;
  const skipped = el => el.closest('.editor, #tooltip, [inert], [hidden]')
    || !el.checkVisibility({ visibilityProperty: true });

  /** Items by the 40 px squares they touch, to compare each only with its neighbours. */
  class Buckets {
    constructor() { this.map = new Map(); }
    keys(r) {
      const out = [];
      for (let x = Math.floor(r.left / 40); x <= Math.floor(r.right / 40); x++) {
        for (let y = Math.floor(r.top / 40); y <= Math.floor(r.bottom / 40); y++) out.push(`${x},${y}`);
      }
      return out;
    }
    add(item) {
      for (const k of this.keys(item.rect)) {
        if (!this.map.has(k)) this.map.set(k, []);
        this.map.get(k).push(item);
      }
    }
    near(r) {
      const out = new Set();
      for (const k of this.keys(r)) for (const item of this.map.get(k) || []) out.add(item);
      return out;
    }
  }

  // ------------------------------------------------------------------ labels
  const labels = [];
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    if (skipped(el)) continue;
    const svgText = el.closest('text');
    if (svgText) {
      if (seen.has(svgText)) continue;
      seen.add(svgText);
      const rect = svgText.getBoundingClientRect();
      if (rect.width && rect.height) labels.push({ node: svgText, rect });
      continue;
    }
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const rect of range.getClientRects()) {
      if (rect.width > 0.5 && rect.height > 0.5) labels.push({ node, rect });
    }
  }
  for (const el of document.querySelectorAll('#grid circle.mark, .legend svg')) {
    if (!skipped(el)) labels.push({ node: el, rect: el.getBoundingClientRect() });
  }
  const labelBuckets = new Buckets();
  for (const l of labels) labelBuckets.add(l);
  const reported = new Set();
  for (const a of labels) {
    for (const b of labelBuckets.near(a.rect)) {
      if (a === b || a.node === b.node || a.node.contains(b.node) || b.node.contains(a.node)) continue;
      if (!overlap(a.rect, b.rect)) continue;
      const key = [describe(a.node) + box(a.rect), describe(b.node) + box(b.rect)].sort().join(' / ');
      if (reported.has(key)) continue;
      reported.add(key);
      report(`overlap: ${key.replace(' / ', ' and ')}`);
    }
  }

  // ------------------------------------------------------------------ clipping and scrolling
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width + 1) {
    report(`the page is ${document.documentElement.scrollWidth} px wide in a window of ${width}`);
  }
  const clips = el => {
    const s = getComputedStyle(el);
    return s.overflowX !== 'visible' || s.overflowY !== 'visible';
  };
  for (const l of labels) {
    if (l.rect.left < -EPS || l.rect.right > width + EPS) report(`cut by the window: ${describe(l.node)} ${box(l.rect)}`);
    const start = l.node.nodeType === Node.TEXT_NODE ? l.node.parentElement : l.node.parentElement;
    for (let el = start; el && el !== document.body; el = el.parentElement) {
      if (clips(el) && !inside(l.rect, el.getBoundingClientRect(), EPS)) {
        report(`cut off: ${describe(l.node)} ${box(l.rect)} by ${describe(el)} ${box(el.getBoundingClientRect())}`);
        break;
      }
    }
  }
  for (const el of document.body.querySelectorAll('*')) {
    if (skipped(el) || el instanceof SVGElement) continue;
    const s = getComputedStyle(el);
    const scrolls = v => v === 'auto' || v === 'scroll';
    if ((scrolls(s.overflowY) && el.scrollHeight > el.clientHeight + 1)
        || (scrolls(s.overflowX) && el.scrollWidth > el.clientWidth + 1)) {
      report(`scrolls on its own: ${describe(el)} (${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight})`);
    } else if (s.display !== 'inline' && s.overflowX === 'visible' && el.clientWidth
        && el.scrollWidth > el.clientWidth + 1) {
      // A box whose content runs out of it: over its padding and border, into its neighbour.
      report(`wider than its box: what ${describe(el)} holds (${el.scrollWidth} px in ${el.clientWidth})`);
    }
  }

  // ------------------------------------------------------------------ cells
  const cells = [];
  for (const g of document.querySelectorAll('#grid .cell')) {
    cells.push({ node: g, frame: Number(g.dataset.frame), rect: g.querySelector('rect.box').getBoundingClientRect() });
  }
  const cellBuckets = new Buckets();
  for (const c of cells) cellBuckets.add(c);
  let numbers = 0;
  let marks = 0;
  for (const c of cells) {
    for (const d of cellBuckets.near(c.rect)) {
      if (d.frame > c.frame && overlap(c.rect, d.rect)) report(`cells overlap: frames ${c.frame} and ${d.frame}`);
    }
    for (const t of c.node.querySelectorAll('text, circle.mark')) {
      const r = t.getBoundingClientRect();
      if (t.classList.contains('num')) numbers++;
      else marks++;
      if (!inside(r, c.rect, 0.25)) report(`sticks out of frame ${c.frame}'s cell ${box(c.rect)}: ${describe(t)} ${box(r)}`);
    }
  }
  for (const l of labels) {
    const el = l.node.nodeType === Node.TEXT_NODE ? l.node.parentElement : l.node;
    if (el.closest('#grid .cell')) continue;
    for (const c of cellBuckets.near(l.rect)) {
      if (overlap(l.rect, c.rect)) report(`covers frame ${c.frame}'s cell: ${describe(l.node)} ${box(l.rect)}`);
    }
  }

  // ------------------------------------------------------------------ arrows
  let samples = 0;
  const arrows = [...document.querySelectorAll('#arrows path.link, #arrows path.copy')];
  for (const path of arrows) {
    const own = new Set([path.dataset.to, path.dataset.from].filter(v => v !== undefined).map(Number));
    const what = `${path.classList.contains('copy') ? 'copy arrow' : 'arrow'} to frame ${path.dataset.to}`;
    const m = path.getScreenCTM();
    const length = path.getTotalLength();
    const crossed = new Set();
    for (let at = 0; at <= length; at += 1.5) {
      const p = new DOMPoint(path.getPointAtLength(at).x, path.getPointAtLength(at).y).matrixTransform(m);
      samples++;
      const dot = { left: p.x - 0.25, right: p.x + 0.25, top: p.y - 0.25, bottom: p.y + 0.25 };
      for (const c of cellBuckets.near(dot)) {
        if (!own.has(c.frame) && inside(dot, c.rect, -0.5) && !crossed.has(c)) {
          crossed.add(c);
          report(`${what} crosses frame ${c.frame}'s cell at ${Math.round(p.x)},${Math.round(p.y)}`);
        }
      }
      for (const l of labelBuckets.near(dot)) {
        if (inside(dot, l.rect, -0.5) && !crossed.has(l)) {
          crossed.add(l);
          report(`${what} crosses ${describe(l.node)} ${box(l.rect)} at ${Math.round(p.x)},${Math.round(p.y)}`);
        }
      }
    }
  }
  return { problems, counts: { labels: labels.length, cells: cells.length, numbers, marks, arrows: arrows.length, samples } };
})();
