/**
 * Search formulas (`formulanumeric` filters): the Oracle SQL expression subset the emulator evaluates per
 * row. NetSuite search formulas are Oracle SQL expressions with `{fieldid}` references (Oracle help,
 * "Formulas in Search"); what is modelled here follows Oracle Database SQL Language Reference:
 * arithmetic on numbers and dates (date − date = days, date ± number = date, "Datetime/Interval
 * Arithmetic"), NULL propagating through arithmetic, ROUND, ABS, FLOOR, NVL, TO_DATE with the
 * 'YYYY-MM-DD' format, CAST(… AS DATE), SYSTIMESTAMP, SYSDATE and SYS_EXTRACT_UTC. The emulator's clock is
 * a UTC instant, so SYSTIMESTAMP, SYSDATE and SYS_EXTRACT_UTC(SYSTIMESTAMP) are the same instant here
 * (NetSuite's SYSDATE is its database server's local time: a guess, see emulator/README.md). Anything
 * else fails loudly as EMULATOR_UNSUPPORTED.
 */
import { nsError, unsupported } from '../errors';

export type FormulaValue = number | string | Date | null;

/** What a formula reads: a `{field}` value of the row being tested, and the clock. */
export interface FormulaScope {
  field(name: string): FormulaValue;
  now(): Date;
}

export type CompiledFormula = (scope: FormulaScope) => FormulaValue;

type Token = { kind: 'number' | 'string' | 'field' | 'word' | 'symbol'; text: string };

function invalid(formula: string, detail: string): Error {
  return nsError(
    'SSS_INVALID_SRCH_FILTER',
    `An nlobjSearchFilter contains invalid search criteria: formula ${JSON.stringify(formula)} (${detail}).`,
  );
}

function tokenize(formula: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(\d+(?:\.\d+)?)|'((?:[^']|'')*)'|\{([A-Za-z0-9_.]+)\}|([A-Za-z_][A-Za-z0-9_]*)|([-+*/(),]))/y;
  let index = 0;
  while (index < formula.length) {
    if (/^\s*$/.test(formula.slice(index))) break;
    pattern.lastIndex = index;
    const match = pattern.exec(formula);
    if (!match) throw invalid(formula, `unexpected text at ${index}`);
    index = pattern.lastIndex;
    if (match[1] !== undefined) tokens.push({ kind: 'number', text: match[1] });
    else if (match[2] !== undefined) tokens.push({ kind: 'string', text: match[2].replace(/''/g, "'") });
    else if (match[3] !== undefined) tokens.push({ kind: 'field', text: match[3].toLowerCase() });
    else if (match[4] !== undefined) tokens.push({ kind: 'word', text: match[4].toUpperCase() });
    else tokens.push({ kind: 'symbol', text: match[5] as string });
  }
  return tokens;
}

const DAY_MS = 86_400_000;

function arithmetic(op: string, a: FormulaValue, b: FormulaValue, formula: string): FormulaValue {
  if (a === null || b === null) return null;
  if (a instanceof Date && b instanceof Date && op === '-') return (a.getTime() - b.getTime()) / DAY_MS;
  if (a instanceof Date && typeof b === 'number' && (op === '+' || op === '-')) {
    return new Date(a.getTime() + (op === '+' ? b : -b) * DAY_MS);
  }
  if (typeof a === 'number' && b instanceof Date && op === '+') return new Date(b.getTime() + a * DAY_MS);
  const x = typeof a === 'string' ? Number(a) : a;
  const y = typeof b === 'string' ? Number(b) : b;
  if (typeof x !== 'number' || typeof y !== 'number' || Number.isNaN(x) || Number.isNaN(y)) {
    throw invalid(formula, `cannot apply ${op} to ${String(a)} and ${String(b)}`);
  }
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    default:
      return y === 0 ? null : x / y; // Oracle raises ORA-01476; NetSuite shows an error cell. Guess: no match.
  }
}

function numberArg(value: FormulaValue, formula: string, fn: string): number | null {
  if (value === null) return null;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || Number.isNaN(n)) throw invalid(formula, `${fn} needs a number`);
  return n;
}

/** Oracle ROUND(n, d): half away from zero. */
function round(n: number, places: number): number {
  const factor = 10 ** places;
  return (Math.sign(n) * Math.round(Math.abs(n) * factor)) / factor;
}

function toDate(text: FormulaValue, format: FormulaValue, formula: string): FormulaValue {
  if (text === null) return null;
  if (String(format).toUpperCase() !== 'YYYY-MM-DD') throw unsupported(`TO_DATE format ${String(format)}`);
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(text));
  if (!match) throw invalid(formula, `TO_DATE cannot read ${String(text)}`);
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

function callFunction(name: string, args: CompiledFormula[], formula: string): CompiledFormula {
  const arity = (min: number, max = min): void => {
    if (args.length < min || args.length > max) throw invalid(formula, `${name} takes ${min}–${max} arguments`);
  };
  const [a, b] = args as [CompiledFormula, CompiledFormula];
  switch (name) {
    case 'ROUND':
      arity(1, 2);
      return (s) => {
        const n = numberArg(a(s), formula, name);
        const d = b ? numberArg(b(s), formula, name) : 0;
        return n === null || d === null ? null : round(n, d);
      };
    case 'ABS':
    case 'FLOOR':
      arity(1);
      return (s) => {
        const n = numberArg(a(s), formula, name);
        return n === null ? null : name === 'ABS' ? Math.abs(n) : Math.floor(n);
      };
    case 'NVL':
      arity(2);
      return (s) => a(s) ?? b(s);
    case 'TO_DATE':
      arity(2);
      return (s) => toDate(a(s), b(s), formula);
    case 'SYS_EXTRACT_UTC':
      arity(1);
      return (s) => a(s);
    default:
      throw unsupported(`the search formula function ${name}`);
  }
}

class Parser {
  private index = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly formula: string,
  ) {}

  parse(): CompiledFormula {
    const expr = this.expression();
    if (this.index < this.tokens.length) throw invalid(this.formula, `unexpected ${this.peek()?.text}`);
    return expr;
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private next(): Token {
    const token = this.tokens[this.index++];
    if (!token) throw invalid(this.formula, 'unexpected end');
    return token;
  }

  private expect(text: string): void {
    const token = this.next();
    if (token.text !== text) throw invalid(this.formula, `expected ${text}, got ${token.text}`);
  }

  private binary(operand: () => CompiledFormula, ops: string[]): CompiledFormula {
    let left = operand();
    for (let token = this.peek(); token?.kind === 'symbol' && ops.includes(token.text); token = this.peek()) {
      this.index++;
      const right = operand();
      const l = left;
      const op = token.text;
      left = (s) => arithmetic(op, l(s), right(s), this.formula);
    }
    return left;
  }

  private expression(): CompiledFormula {
    return this.binary(() => this.term(), ['+', '-']);
  }

  private term(): CompiledFormula {
    return this.binary(() => this.unary(), ['*', '/']);
  }

  private unary(): CompiledFormula {
    const token = this.peek();
    if (token?.kind === 'symbol' && token.text === '-') {
      this.index++;
      const operand = this.unary();
      return (s) => arithmetic('*', -1, operand(s), this.formula);
    }
    return this.primary();
  }

  private primary(): CompiledFormula {
    const token = this.next();
    switch (token.kind) {
      case 'number': {
        const n = Number(token.text);
        return () => n;
      }
      case 'string':
        return () => token.text;
      case 'field':
        if (token.text === 'now' || token.text === 'today') {
          throw unsupported(`{${token.text}} in search formulas (its time zone is the user's preference)`);
        }
        return (s) => s.field(token.text);
      case 'symbol': {
        if (token.text !== '(') throw invalid(this.formula, `unexpected ${token.text}`);
        const inner = this.expression();
        this.expect(')');
        return inner;
      }
      default:
        return this.word(token.text);
    }
  }

  private word(word: string): CompiledFormula {
    if (word === 'NULL') return () => null;
    if (word === 'SYSTIMESTAMP' || word === 'SYSDATE') return (s) => s.now();
    this.expect('(');
    if (word === 'CAST') {
      const value = this.expression();
      const as = this.next();
      const type = this.next();
      if (as.text !== 'AS' || type.text !== 'DATE') throw unsupported(`CAST(… ${as.text} ${type.text})`);
      this.expect(')');
      return value;
    }
    const args: CompiledFormula[] = [];
    if (this.peek()?.text !== ')') {
      args.push(this.expression());
      while (this.peek()?.text === ',') {
        this.index++;
        args.push(this.expression());
      }
    }
    this.expect(')');
    return callFunction(word, args, this.formula);
  }
}

/** Parses a formula once; the result evaluates it for a row. */
export function compileFormula(formula: string): CompiledFormula {
  if (formula.trim() === '') throw invalid(formula, 'empty formula');
  return new Parser(tokenize(formula), formula).parse();
}

/** The `{field}` names a formula reads (to check them when the search is created). */
export function formulaFields(formula: string): string[] {
  return tokenize(formula)
    .filter((t) => t.kind === 'field')
    .map((t) => t.text);
}
