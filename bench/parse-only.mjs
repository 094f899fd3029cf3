// The baseline: csv-parse in array mode, counting rows. The least any CSV tool
// built on it can do; engage is measured against it in the same run.
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

const [path] = process.argv.slice(2);
let rows = 0;
const parser = parse({ delimiter: ',', skip_empty_lines: true });
parser.on('data', () => rows++);
parser.on('end', () => process.stdout.write(`${rows - 1}\n`));
createReadStream(path).pipe(parser);
