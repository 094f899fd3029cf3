import { UsageError } from '../../errors.js';

// --formula of `engage trend`: + − * /, parentheses, numbers and series
// names, computed per period on the unsmoothed series. Undefined in,
// undefined out; a division by zero is undefined, never infinite. Parsed
// once into a tree that both engines evaluate: engage here, SQL as text.

export type Formula =
  | { kind: 'number'; value: number }
  | { kind: 'name'; name: string }
  | { kind: 'negate'; of: Formula }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/'; left: Formula; right: Formula };

type Token = { kind: 'number'; value: number; at: number } | { kind: 'name'; name: string; at: number } | { kind: 'op'; op: string; at: number };

const TOKEN = /\s*(?:(\d+(?:\.\d*)?|\.\d+)|([\p{L}_][\p{L}\p{N}_]*)|([-+*/()−×÷]))/uy;
const SAME_AS: Record<string, string> = { '−': '-', '×': '*', '÷': '/' };

function tokens(text: string): Token[] {
  const found: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const at = TOKEN.lastIndex;
    if (/^\s*$/.test(text.slice(at))) break;
    const match = TOKEN.exec(text);
    if (match === null) throw formulaError(text, `"${text.slice(at).trim()[0]}" is not a number, a series name or one of + - * / ( )`);
    if (match[1] !== undefined) found.push({ kind: 'number', value: Number(match[1]), at });
    else if (match[2] !== undefined) found.push({ kind: 'name', name: match[2], at });
    else found.push({ kind: 'op', op: SAME_AS[match[3]] ?? match[3], at });
  }
  return found;
}

/** The formula's tree; every name must be one of `names`. */
export function parseFormula(text: string, names: readonly string[]): Formula {
  const list = tokens(text);
  let next = 0;
  const peek = (): Token | undefined => list[next];
  const isOp = (token: Token | undefined, ...ops: string[]): boolean => token?.kind === 'op' && ops.includes(token.op);

  // Operators of one precedence, left to right, over operands of the next.
  const level =
    (ops: ('+' | '-' | '*' | '/')[], operand: () => Formula) =>
    (): Formula => {
      let left = operand();
      while (isOp(peek(), ...ops)) {
        const op = (list[next++] as { op: '+' | '-' | '*' | '/' }).op;
        left = { kind: 'binary', op, left, right: operand() };
      }
      return left;
    };
  const product = level(['*', '/'], () => factor());
  const sum = level(['+', '-'], product);
  const factor = (): Formula => {
    const token = list[next++];
    if (token === undefined) throw formulaError(text, 'it ends where a number, a name or "(" should follow');
    if (token.kind === 'number') return { kind: 'number', value: token.value };
    if (token.kind === 'name') {
      if (!names.includes(token.name)) throw formulaError(text, `"${token.name}" is not a series (the series: ${names.join(', ')})`);
      return { kind: 'name', name: token.name };
    }
    if (token.op === '-') return { kind: 'negate', of: factor() };
    if (token.op === '+') return factor();
    if (token.op === '(') {
      const inner = sum();
      if (!isOp(list[next++], ')')) throw formulaError(text, 'a "(" is not closed');
      return inner;
    }
    throw formulaError(text, `"${token.op}" where a number, a name or "(" should be`);
  };

  const formula = sum();
  if (next < list.length) throw formulaError(text, `"${text.slice(list[next].at).trim()}" follows a complete formula`);
  return formula;
}

function formulaError(text: string, why: string): UsageError {
  return new UsageError(`--formula "${text}": ${why}`, ['e.g. --formula "revenue / buyers" or --formula "(a + b) / 2"']);
}

/** The formula's value for one period's series values; null (undefined) when an operand is, or a divisor is 0. */
export function evaluateFormula(formula: Formula, value: (name: string) => number | null): number | null {
  switch (formula.kind) {
    case 'number':
      return formula.value;
    case 'name':
      return value(formula.name);
    case 'negate': {
      const of = evaluateFormula(formula.of, value);
      return of === null ? null : -of;
    }
    case 'binary': {
      const left = evaluateFormula(formula.left, value);
      const right = evaluateFormula(formula.right, value);
      if (left === null || right === null) return null;
      switch (formula.op) {
        case '+':
          return left + right;
        case '-':
          return left - right;
        case '*':
          return left * right;
        case '/':
          return right === 0 ? null : left / right;
      }
    }
  }
}

/** The formula as an SQL expression of doubles over the series' columns; NULL where engage's value is undefined. */
export function formulaSql(formula: Formula, column: (name: string) => string, double: (value: string) => string): string {
  const sql = (f: Formula): string => {
    switch (f.kind) {
      case 'number':
        return double(String(f.value));
      case 'name':
        return double(column(f.name));
      case 'negate':
        return `(-${sql(f.of)})`;
      case 'binary':
        return f.op === '/' ? `(${sql(f.left)} / nullif(${sql(f.right)}, 0))` : `(${sql(f.left)} ${f.op} ${sql(f.right)})`;
    }
  };
  return sql(formula);
}
