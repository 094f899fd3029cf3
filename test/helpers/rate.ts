import type { RateOptionsInput } from '../../src/metrics/rate/options.js';
import { compute } from './compute.js';

/** Runs `engage rate` in-process over text given as stdin, through the real readers. */
export async function rate(text: string | Buffer, options: RateOptionsInput = {}, encoding?: string) {
  return compute('rate', text, encoding === undefined ? options : { ...options, encoding });
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
