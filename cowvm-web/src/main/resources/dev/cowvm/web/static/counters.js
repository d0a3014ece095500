// The kernel's counters, the ones the slide is about first; each shows how much the
// statement just run changed it.

import { el } from './format.js';

/** Counter -> words. The key, as `expect stat` names it, is in each one's title. */
const MAIN = [
  ['framesInUse', 'frames in use'],
  ['pageTablePages', 'page-table pages'],
  ['forks', 'forks'],
  ['naiveCopyPages', 'pages an eager fork copies'],
  ['cowCopyFaults', 'copy-on-write copies'],
  ['pagesCopied', 'pages copied'],
  ['zeroFillFaults', 'zero-fill faults'],
  ['zeroPageMaps', 'zero-page maps'],
  ['framesZeroed', 'frames zeroed'],
  ['framesFreed', 'frames freed'],
];

export function renderCounters(root, stats, before, showAll) {
  const main = new Set(MAIN.map(([k]) => k));
  const rest = Object.keys(stats).filter(k => !main.has(k)).map(k => [k, words(k)]);
  const list = showAll ? [...MAIN, ...rest] : MAIN;
  const items = list.map(([key, label]) => {
    const delta = before ? stats[key] - before[key] : 0;
    return el('div', { class: delta ? 'counter changed' : 'counter', title: `expect stat ${key}`, 'data-counter': key },
      el('span', { class: 'k' }, label),
      el('span', {}, el('span', { class: 'v' }, String(stats[key])),
        delta ? el('span', { class: 'd' }, delta > 0 ? `+${delta}` : String(delta)) : null));
  });
  const toggle = el('button', { class: 'counters-more linkish', type: 'button' },
    showAll ? 'fewer counters' : `all ${Object.keys(stats).length} counters`);
  return { items: [...items, toggle], toggle };
}

/** camelCase -> words: "tlbMisses" -> "tlb misses". */
function words(key) {
  return key.replace(/([A-Z])/g, ' $1').toLowerCase();
}
