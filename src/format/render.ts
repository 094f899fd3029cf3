import { Format, type OutputDocument, type RenderStyle } from './document.js';
import { renderCsv, renderJson, renderNdjson } from './machine.js';
import { renderHtml } from './html/page.js';
import { renderMarkdown } from './markdown.js';
import { renderTable } from './table.js';

export const FORMATS = Format.options;

export function render(doc: OutputDocument, format: Format, style: RenderStyle): string {
  switch (format) {
    case 'table':
      return renderTable(doc, style);
    case 'csv':
      return renderCsv(doc);
    case 'json':
      return renderJson(doc);
    case 'ndjson':
      return renderNdjson(doc);
    case 'markdown':
      return renderMarkdown(doc);
    case 'html':
      return renderHtml(doc);
  }
}

/** Formats people read; the others get the formula and notes on stderr instead. */
export function isHumanFormat(format: Format): boolean {
  return format === 'table' || format === 'markdown' || format === 'html';
}
