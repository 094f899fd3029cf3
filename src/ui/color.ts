// The one place that decides colour (CONVENTIONS.md 5). chalk alone does not
// honour NO_COLOR, so chalk is always given the level decided here.

export interface ColorContext {
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  /** false for --no-color. */
  flag: boolean;
}

export function useColor({ isTTY, env, flag }: ColorContext): boolean {
  if (!flag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  if (env.TERM === 'dumb') return false;
  // CI logs capture terminals that are not there: no colour unless forced.
  if (env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0') return false;
  return isTTY;
}
