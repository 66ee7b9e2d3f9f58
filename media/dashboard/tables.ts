// Tables: the text equivalent of each chart, the gates, the history. Built with textContent only:
// requirement titles and agent output are data, never markup.

export type Cell = string | number | HTMLElement;

export interface TableSpec {
  caption: string;
  headers: string[];
  rows: { cells: Cell[]; className?: string; dataset?: Record<string, string> }[];
  /** Shown as the only row when there are none. */
  empty: string;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: { className?: string; text?: string } = {}, children: (Node | string)[] = []): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  for (const child of children) node.append(child);
  return node;
}

/** Replaces the content of `#containerId` with the table; the first cell of a row is its header. */
export function renderTable(containerId: string, spec: TableSpec): HTMLTableElement | undefined {
  const container = document.getElementById(containerId);
  if (!container) return undefined;
  const table = el('table');
  table.append(el('caption', { text: spec.caption, className: 'visually-hidden' }));
  const head = el('thead');
  const headRow = el('tr');
  for (const h of spec.headers) {
    const th = el('th', { text: h });
    th.scope = 'col';
    headRow.append(th);
  }
  head.append(headRow);
  table.append(head);
  const body = el('tbody');
  if (spec.rows.length === 0) {
    const td = el('td', { text: spec.empty, className: 'empty' });
    td.colSpan = spec.headers.length;
    body.append(el('tr', {}, [td]));
  }
  for (const row of spec.rows) {
    const tr = el('tr', { className: row.className });
    for (const [key, value] of Object.entries(row.dataset ?? {})) tr.dataset[key] = value;
    row.cells.forEach((cell, i) => {
      const td = i === 0 ? el('th') : el('td');
      if (i === 0) (td as HTMLTableCellElement).scope = 'row';
      if (cell instanceof HTMLElement) td.append(cell);
      else td.textContent = String(cell);
      if (typeof cell === 'number') td.className = 'num';
      tr.append(td);
    });
    body.append(tr);
  }
  table.append(body);
  container.replaceChildren(table);
  return table;
}

/** A pass/fail badge that says it in words, not only in colour. */
export function badge(passed: boolean, passText = 'passed', failText = 'failed'): HTMLElement {
  return el('span', { className: `badge ${passed ? 'pass' : 'fail'}`, text: `${passed ? '✓' : '✗'} ${passed ? passText : failText}` });
}

export function statusBadge(status: string): HTMLElement {
  const tone = status === 'passed' || status === 'succeeded' || status === 'covered' ? 'pass' : status === 'failed' || status === 'missing' ? 'fail' : status === 'running' || status === 'in-progress' ? 'live' : 'neutral';
  return el('span', { className: `badge ${tone}`, text: status.replace('-', ' ') });
}
