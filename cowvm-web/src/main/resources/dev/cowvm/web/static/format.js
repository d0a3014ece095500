// Small pure helpers shared by the views: DOM building, numbers, colours.

/** One colour a process, by pid, so a frame's owner is seen at a glance. */
export const PALETTE = ['#2563eb', '#ea580c', '#16a34a', '#9333ea', '#db2777', '#0891b2',
  '#ca8a04', '#4f46e5', '#dc2626', '#0d9488', '#7c3aed', '#65a30d'];

export function colourOf(pid) {
  return pid > 0 ? PALETTE[(pid - 1) % PALETTE.length] : '#98a2b3';
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
    else if (k === 'style' && typeof v === 'object') Object.assign(node.style, v);
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
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
