import type { UsageError } from '../../errors.js';

/**
 * A cell an SQL engine stopped on that engage reads (a date it does not
 * parse, say): the orchestrator asks the streaming engine to name where it
 * is, and else says `fallback`, in the engine's own words.
 */
export class EngineStoppedOnCell extends Error {
  constructor(readonly fallback: UsageError) {
    super(fallback.message);
  }
}
