import { extname } from 'node:path';
import type { Format } from './document.js';

// The format a file's extension asks for: -o on the command line and the
// outputs of `engage report` both follow it.
const BY_EXTENSION: Record<string, Format> = {
  '.csv': 'csv',
  '.json': 'json',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.txt': 'table',
  '.html': 'html',
  '.htm': 'html',
};

export function formatOfPath(path: string): Format | undefined {
  return BY_EXTENSION[extname(path).toLowerCase()];
}
