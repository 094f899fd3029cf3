import { UsageError } from '../errors.js';
import { parseWhere } from '../schema/plans/where.js';
import { sqlName, sqlString, type Dialect } from './dialect.js';

// --where COLUMN OP VALUE as SQL conditions, comparing as the streaming
// engine compares (src/schema/plans/where.ts): the cell's trimmed text, ''
// for NULL; > >= < <= compare numbers, and a cell that is no number matches none.

export function whereSql(clauses: readonly string[], dialect: Dialect): string[] {
  return clauses.map((text) => {
    const { column, operator, value } = parseWhere(text);
    const cell = `coalesce(trim(${dialect.text(sqlName(column))}), '')`;
    const literal = sqlString(value);
    switch (operator) {
      case '=':
        return `${cell} = ${literal}`;
      case '!=':
        return `${cell} <> ${literal}`;
      case '^=':
        return `substr(${cell}, 1, ${value.length}) = ${literal}`;
      case '!^=':
        return `substr(${cell}, 1, ${value.length}) <> ${literal}`;
      default: {
        const number = Number(value);
        if (value === '' || !Number.isFinite(number)) throw new UsageError(`--where: "${operator}" compares numbers, and "${value}" is not one`);
        return `(CASE WHEN ${dialect.isNumber(cell)} THEN ${dialect.double(cell)} END) ${operator} ${number}`;
      }
    }
  });
}
