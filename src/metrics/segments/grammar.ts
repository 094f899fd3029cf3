import { UsageError } from '../../errors.js';

// --segment NAME='CONDITION' as segments-and-drivers.md writes it: counts of
// an event compared with a number, over the customer's first days ("within
// 7d"), the trailing days of a period ("in last 14d") or everything; joined
// by not, and, or (tightest first) and parentheses.

export type Comparison = '>=' | '>' | '<=' | '<' | '=';

/** Where a count is taken: the first days of the customer, the last days of each period, or all the data. */
export type CountWindow = { kind: 'first'; days: number } | { kind: 'last'; days: number } | { kind: 'all' };

export type Condition =
  | { kind: 'count'; event: string; op: Comparison; n: number; window: CountWindow }
  | { kind: 'not'; of: Condition }
  | { kind: 'and' | 'or'; of: Condition[] };

export interface SegmentDefinition {
  name: string;
  condition: Condition;
  /** As the user wrote it, for the table's notes. */
  text: string;
}

/** The event of a count of every event, whatever its name (a log without an event column has no other). */
export const ANY_EVENT = '*';

/** The label of the customers in no segment. */
export const NO_SEGMENT = '(none)';

const NAME = /^[\p{L}\p{Nd}_-]+$/u;
const EXAMPLE = "e.g. --segment engaged='login>=3 within 7d' or --segment quiet='not login>=1 in last 14d'";

export function parseSegment(text: string): SegmentDefinition {
  const equals = text.indexOf('=');
  const name = equals < 0 ? '' : text.slice(0, equals).trim();
  if (equals < 0 || !NAME.test(name)) throw new UsageError(`--segment ${text}: expected NAME=CONDITION, the name of letters, digits, _ and -`, [EXAMPLE]);
  const body = text.slice(equals + 1);
  return { name, condition: new ConditionParser(body, `--segment ${name}`).parse(), text: body.trim() };
}

/** Each segment definition, their names distinct. */
export function parseSegments(texts: readonly string[]): SegmentDefinition[] {
  const segments = texts.map(parseSegment);
  const seen = new Set<string>();
  for (const { name } of segments) {
    if (name === NO_SEGMENT || seen.has(name)) throw new UsageError(`--segment ${name}: two segments have that name`, ['give each --segment a name of its own']);
    seen.add(name);
  }
  return segments;
}

type Token = { kind: 'word' | 'quoted' | 'op' | '(' | ')'; text: string; at: number };

const OPERATORS: readonly Comparison[] = ['>=', '<=', '>', '<', '='];

function tokens(text: string, where: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/u.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      out.push({ kind: c, text: c, at: i++ });
    } else if (c === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0) throw new UsageError(`${where}: a quoted event name is not closed: ${text.slice(i)}`, [EXAMPLE]);
      out.push({ kind: 'quoted', text: text.slice(i + 1, end), at: i });
      i = end + 1;
    } else {
      const op = OPERATORS.find((o) => text.startsWith(o, i));
      if (op !== undefined) {
        out.push({ kind: 'op', text: op, at: i });
        i += op.length;
        continue;
      }
      let end = i;
      while (end < text.length && !/[\s()"<>=]/u.test(text[end])) end++;
      out.push({ kind: 'word', text: text.slice(i, end), at: i });
      i = end;
    }
  }
  return out;
}

class ConditionParser {
  private readonly list: Token[];
  private at = 0;

  constructor(
    private readonly text: string,
    private readonly where: string,
  ) {
    this.list = tokens(text, where);
  }

  parse(): Condition {
    if (this.list.length === 0) this.fail('the condition is empty');
    const condition = this.or();
    if (this.at < this.list.length) this.fail(`unexpected "${this.list[this.at].text}"`);
    return condition;
  }

  private fail(what: string): never {
    throw new UsageError(`${this.where}: ${what} in "${this.text.trim()}"`, ['conditions are EVENT OP N [within Dd | in last Dd], joined by not, and, or and parentheses; OP is >=, >, <=, < or =', EXAMPLE]);
  }

  private peek(): Token | undefined {
    return this.list[this.at];
  }

  private keyword(word: string): boolean {
    const token = this.peek();
    if (token?.kind === 'word' && token.text.toLowerCase() === word) {
      this.at++;
      return true;
    }
    return false;
  }

  private or(): Condition {
    const of = [this.and()];
    while (this.keyword('or')) of.push(this.and());
    return of.length === 1 ? of[0] : { kind: 'or', of };
  }

  private and(): Condition {
    const of = [this.factor()];
    while (this.keyword('and')) of.push(this.factor());
    return of.length === 1 ? of[0] : { kind: 'and', of };
  }

  private factor(): Condition {
    if (this.keyword('not')) return { kind: 'not', of: this.factor() };
    const token = this.peek();
    if (token === undefined) this.fail('a condition is missing at the end');
    if (token.kind === '(') {
      this.at++;
      const inner = this.or();
      if (this.peek()?.kind !== ')') this.fail('a parenthesis is not closed');
      this.at++;
      return inner;
    }
    return this.count();
  }

  private count(): Condition {
    const name = this.list[this.at++];
    if (name.kind !== 'word' && name.kind !== 'quoted') this.fail(`expected an event name, not "${name.text}"`);
    const op = this.list[this.at++];
    if (op?.kind !== 'op') this.fail(`expected >=, >, <=, < or = after "${name.text}"`);
    const number = this.list[this.at++];
    if (number?.kind !== 'word' || !/^\d+$/.test(number.text)) this.fail(`expected a whole number after "${name.text}${op.text}"`);
    return { kind: 'count', event: name.text.trim().toLowerCase(), op: op.text as Comparison, n: Number(number.text), window: this.window() };
  }

  private window(): CountWindow {
    let kind: 'first' | 'last';
    if (this.keyword('within')) kind = 'first';
    else if (this.peek()?.text.toLowerCase() === 'in' && this.list[this.at + 1]?.text.toLowerCase() === 'last') {
      this.at += 2;
      kind = 'last';
    } else return { kind: 'all' };
    const span = this.list[this.at++];
    const match = span?.kind === 'word' ? /^([1-9]\d{0,3})([dw])$/i.exec(span.text) : null;
    if (match === null) this.fail(`expected days or weeks after "${kind === 'first' ? 'within' : 'in last'}" (7d, 2w)`);
    return { kind, days: Number(match[1]) * (match[2].toLowerCase() === 'w' ? 7 : 1) };
  }
}

/** Whether a count satisfies a comparison. */
export function compares(count: number, op: Comparison, n: number): boolean {
  switch (op) {
    case '>=':
      return count >= n;
    case '>':
      return count > n;
    case '<=':
      return count <= n;
    case '<':
      return count < n;
    default:
      return count === n;
  }
}

/** The counts a condition reads, each once, in the order written. */
export function countsOf(condition: Condition): Extract<Condition, { kind: 'count' }>[] {
  if (condition.kind === 'count') return [condition];
  if (condition.kind === 'not') return countsOf(condition.of);
  return condition.of.flatMap(countsOf);
}

/** The condition's truth, given the value of each of its counts. */
export function holds(condition: Condition, count: (node: Extract<Condition, { kind: 'count' }>) => number): boolean {
  if (condition.kind === 'count') return compares(count(condition), condition.op, condition.n);
  if (condition.kind === 'not') return !holds(condition.of, count);
  return condition.kind === 'and' ? condition.of.every((c) => holds(c, count)) : condition.of.some((c) => holds(c, count));
}
