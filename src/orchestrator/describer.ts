import type { Describer } from '../engines/sql/sql-document.js';
import { headerDocument } from '../engines/streaming/run.js';
import { comparedFigures, isDifference, testedFigures } from '../metrics/compare.js';
import { compareOption, parseOptions } from '../metrics/options.js';
import type { MetricSpec } from '../metrics/spec.js';

// A metric's table described for the SQL engines from the streaming engine's
// reading of a header alone: one definition of the columns, the formula and
// the header-level checks, whichever engine fills the rows.

export function describerOf(spec: MetricSpec, input: unknown): Describer {
  const options = parseOptions(spec.options, input) as Record<string, unknown>;
  return {
    skeleton: (source, header) => headerDocument(spec, options, source, header),
    compare(source, header) {
      const mode = compareOption.parse(options.compare);
      if (mode === undefined) return undefined;
      const plain = headerDocument(spec, { ...options, compare: undefined, alpha: undefined }, source, header);
      const figures = comparedFigures(plain.table.columns, mode);
      const changes = figures.map(({ figure, change }) => ({ figure, name: change.name, difference: isDifference(change) }));
      return { mode, changes, tests: testedFigures(plain.table, figures) };
    },
  };
}
