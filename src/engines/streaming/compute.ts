import type { OutputDocument } from '../../format/document.js';
import { parseOptions } from '../../metrics/options.js';
import type { MetricSpec } from '../../metrics/spec.js';
import type { Progress } from '../../ui/progress.js';
import { computeFilesInParts } from './files-in-parts.js';
import { computeInParts } from './parts.js';
import { finishRun, readCompanions, readIntoRuns, readSettingsOf, startRun } from './run.js';

// The streaming engine's entry: a large file read in parts by worker threads
// (parts.ts), several files read at once (files-in-parts.ts), anything else
// read on this thread (run.ts).

/** One metric over its inputs on the streaming engine: in parts on several threads when the file allows, else on one. */
export async function computeStreaming(
  spec: MetricSpec,
  input: unknown,
  files: string[],
  io: { stdin: NodeJS.ReadableStream; progress?: Progress; partsMinBytes?: number },
): Promise<OutputDocument> {
  const settings = readSettingsOf(input);
  let why: string | undefined;
  const said = (reason: string) => (why = reason);
  const inParts =
    files.length > 1 ? await computeFilesInParts(spec, input, files, io.partsMinBytes, io.progress, said) : await computeInParts(spec, input, files, io.partsMinBytes, io.progress, said);
  if (inParts !== undefined) return inParts;
  const options = parseOptions(spec.options, input);
  const run = startRun(spec.name, spec.create(options), settings);
  await readCompanions(run, settings, io, { before: true, input: files });
  await readIntoRuns([run], files, settings, io);
  await readCompanions(run, settings, io, { before: false, input: files });
  const doc = finishRun(run);
  // --threads asked for more than one: not a word would leave the user to guess why it made no difference.
  const asked = settings.threads;
  if (why === undefined || asked === undefined || asked < 2) return doc;
  return { ...doc, notes: [...doc.notes, `--threads ${asked}: read on one thread, as ${why}`] };
}

