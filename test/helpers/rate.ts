import { Readable } from 'node:stream';
import { computeDocument } from '../../src/pipeline/compute.js';
import { rowObjects } from '../../src/format/document.js';
import { RateJob } from '../../src/metrics/rate/job.js';
import type { RateOptionsInput } from '../../src/metrics/rate-options.js';

/** Runs `engage rate` in-process over text given as stdin, through the real readers. */
export async function rate(text: string | Buffer, options: RateOptionsInput = {}, encoding?: string) {
  const job = new RateJob(options);
  const stdin = Readable.from([typeof text === 'string' ? Buffer.from(text) : text]);
  const doc = await computeDocument('rate', job, ['-'], { map: options.map ?? [], skipInvalid: options.skipInvalid ?? false, encoding }, { stdin });
  return { doc, rows: rowObjects(doc.table), formula: doc.table.formula, notes: doc.notes };
}

/** Captures the error a promise rejects with. */
export async function failure(promise: Promise<unknown>): Promise<Error & { exitCode?: number; hints?: string[] }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { exitCode?: number };
  }
  throw new Error('expected a failure, but it succeeded');
}
