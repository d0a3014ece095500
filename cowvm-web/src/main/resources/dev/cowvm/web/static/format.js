// Small pure helpers shared by the views: DOM building, numbers, colours.

/**
 * One colour a process, by pid, so a frame's owner is seen at a glance: the ten-colour
 * sequence of M. A. Petroff, "Accessible Color Sequences for Data Visualization" (2021),
 * chosen so that ten colours stay apart for normal vision and under the common colour-vision
 * deficiencies (protanopia, deuteranopia, tritanopia). None of them is a grey as light as a
 * free frame's or as dark as the zero page's. The eleventh process takes the first colour again.
 */
export const PALETTE = ['#3f90da', '#ffa90e', '#bd1f01', '#94a4a2', '#832db6', '#a96b59', '#e76300',
  '#b9ac70', '#717581', '#92dadd'];

export function colourOf(pid) {
  return pid > 0 ? PALETTE[(pid - 1) % PALETTE.length] : '#98a2b3';
}

/** The ink for text on a fill: dark or white, whichever contrasts more with it. */
export function inkOn(fill) {
  const l = luminance(fill);
  return (l + 0.05) / (luminance(DARK) + 0.05) >= 1.05 / (l + 0.05) ? DARK : '#ffffff';
}

/**
 * A process's colour made dark enough to read on white: for its name (contrast 4.5) or an
 * arrow (3, as WCAG asks of graphics). The hue stays; only the light ones change.
 */
export function inkOf(pid, contrast = 4.5) {
  let [r, g, b] = rgb(colourOf(pid));
  for (let i = 0; i < 20 && 1.05 / (luminance(hexOf(r, g, b)) + 0.05) < contrast; i++) {
    [r, g, b] = [r * 0.9, g * 0.9, b * 0.9];
  }
  return hexOf(r, g, b);
}

const DARK = '#1f2430';

function rgb(hexColour) {
  const n = parseInt(hexColour.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function hexOf(r, g, b) {
  return '#' + [r, g, b].map(c => Math.round(c).toString(16).padStart(2, '0')).join('');
}

/** WCAG's relative luminance of an sRGB colour. */
function luminance(hexColour) {
  const [r, g, b] = rgb(hexColour).map(c => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** What each state letter of the API means, with the words the page uses. */
export const STATES = {
  z: { key: 'zero-page', label: 'the zero page' },
  d: { key: 'data', label: 'in use' },
  t: { key: 'page-table', label: 'page-table page' },
  s: { key: 'free-stale', label: 'free, stale bytes' },
  f: { key: 'free-zeroed', label: 'free, zeroed' },
};

/**
 * Builds an element. Strings become text nodes, never HTML: scenario text and frame bytes
 * are the user's, and must not be able to inject markup.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

function setAttrs(node, attrs) {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') node.setAttribute('class', v);
    else if (k === 'style' && typeof v === 'object') setStyle(node, v);
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
}

/** Inline styles; custom properties (--name) need setProperty: assigning them does nothing. */
function setStyle(node, styles) {
  for (const [k, v] of Object.entries(styles)) {
    if (k.startsWith('--')) node.style.setProperty(k, v);
    else node.style[k] = v;
  }
}

function append(node, children) {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function hex(n) {
  return '0x' + Number(n).toString(16);
}

/** Bytes as people say them: 4 KiB, 1.5 MiB, 256 GiB. */
export function size(bytes) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = Number(bytes);
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const text = Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 2 : 1).replace(/\.?0+$/, '');
  return `${text} ${units[u]}`;
}

export function plural(n, one, many = one + 's') {
  return `${n} ${n === 1 ? one : many}`;
}

/** A list said in words: "5", "5 and 6", "5, 6 and 7". */
export function words(items) {
  if (items.length <= 1) return items.join('');
  return items.slice(0, -1).join(', ') + ' and ' + items[items.length - 1];
}

/** Hex bytes as "73 68 65 ..." and as text with dots for what does not print. */
export function bytesView(hexText) {
  const pairs = hexText.match(/../g) || [];
  const text = pairs.map(p => {
    const c = parseInt(p, 16);
    return c >= 32 && c < 127 ? String.fromCharCode(c) : '\u00b7';
  }).join('');
  return { hex: pairs.join(' '), text };
}

/** Text of the bytes up to the first zero: a short quote of what a frame holds. */
export function quote(hexText) {
  const pairs = hexText.match(/../g) || [];
  let s = '';
  for (const p of pairs) {
    const c = parseInt(p, 16);
    if (c === 0) break;
    s += c >= 32 && c < 127 ? String.fromCharCode(c) : '\u00b7';
  }
  return s;
}
