/**
 * SuiteQL (Oracle-flavoured SQL) → SQLite. Token-level: it checks tables, rejects what SuiteQL does not
 * accept (LIMIT, SQLite-only functions, …) by name, and rewrites the Oracle forms a connector uses
 * (ROWNUM limits, FETCH FIRST, TOP, NVL, TO_CHAR, BUILTIN.DF, MINUS, '' as NULL). Column names are checked by
 * SQLite itself: the tables hold exactly the SuiteQL columns.
 */
import { nsError, type SuiteScriptError } from '../errors';
import type { TableSpec } from './tables';

export const SEARCH_ERROR = 'SSS_SEARCH_ERROR_OCCURRED';

/** The select type of `transaction.status`: BUILTIN.DF turns its letter into text by transaction type. */
export const STATUS_SELECT_TYPE = '__transtatus';

export function unsupportedSql(what: string): SuiteScriptError {
  return nsError(
    SEARCH_ERROR,
    `Search error occurred: Invalid or unsupported search. (NetSuite emulator: ${what} is not supported in SuiteQL)`,
  );
}

type TokenKind = 'word' | 'qword' | 'string' | 'number' | 'param' | 'op';
interface Token {
  kind: TokenKind;
  text: string;
  /** Lower-case text for words. */
  lower: string;
  /** Source position of a `?` among the statement's parameters. */
  param?: number;
}

const SINGLE_OPS = new Set(['(', ')', ',', '.', '*', '+', '-', '/', '=', '<', '>']);
const DOUBLE_OPS = new Set(['<=', '>=', '<>', '!=', '^=', '||']);

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let params = 0;
  const push = (kind: TokenKind, text: string, extra: Partial<Token> = {}): void => {
    tokens.push({ kind, text, lower: kind === 'word' ? text.toLowerCase() : text, ...extra });
  };
  while (i < sql.length) {
    const c = sql[i] as string;
    const rest = sql.slice(i);
    if (/\s/.test(c)) {
      i++;
    } else if (rest.startsWith('--')) {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end + 1;
    } else if (rest.startsWith('/*')) {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) throw unsupportedSql('an unterminated comment');
      i = end + 2;
    } else if (c === "'") {
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) throw unsupportedSql('an unterminated string literal');
        if (sql[j] === "'") {
          if (sql[j + 1] === "'") j += 2;
          else break;
        } else j++;
      }
      push('string', sql.slice(i, j + 1));
      i = j + 1;
    } else if (c === '"') {
      const end = sql.indexOf('"', i + 1);
      if (end < 0) throw unsupportedSql('an unterminated quoted identifier');
      push('qword', sql.slice(i + 1, end));
      i = end + 1;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      const match = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(rest);
      const text = match?.[0] ?? c;
      push('number', text);
      i += text.length;
    } else if (/[A-Za-z_]/.test(c)) {
      const text = /^[A-Za-z_][A-Za-z0-9_$#]*/.exec(rest)?.[0] ?? c;
      push('word', text);
      i += text.length;
    } else if (c === '?') {
      push('param', '?', { param: params++ });
      i++;
    } else if (/^\(\s*\+\s*\)/.test(rest)) {
      throw unsupportedSql('the Oracle outer-join operator (+) (use LEFT OUTER JOIN)');
    } else if (rest.startsWith('==')) {
      throw unsupportedSql("the SQLite operator '=='");
    } else if (DOUBLE_OPS.has(rest.slice(0, 2))) {
      push('op', rest.slice(0, 2) === '^=' ? '!=' : rest.slice(0, 2));
      i += 2;
    } else if (SINGLE_OPS.has(c)) {
      push('op', c);
      i++;
    } else if (c === ';') {
      throw unsupportedSql("';' (one statement per query, without a terminator)");
    } else if (c === ':') {
      throw unsupportedSql(rest.startsWith('::') ? "the '::' cast" : "named bind variables (':name'; use '?')");
    } else {
      throw unsupportedSql(`the character '${c}'`);
    }
  }
  return tokens;
}

/** Words that end a table reference in FROM (so are not aliases) or that are SQL syntax, not functions. */
const KEYWORDS = new Set([
  'select', 'from', 'where', 'and', 'or', 'not', 'in', 'exists', 'as', 'on', 'join', 'inner', 'left', 'right',
  'full', 'outer', 'cross', 'natural', 'using', 'group', 'by', 'order', 'having', 'union', 'all', 'minus',
  'intersect', 'except', 'case', 'when', 'then', 'else', 'end', 'is', 'null', 'like', 'between', 'distinct',
  'asc', 'desc', 'nulls', 'first', 'last', 'over', 'partition', 'fetch', 'next', 'rows', 'row', 'only', 'any',
  'some', 'escape', 'top', 'start', 'connect', 'prior', 'within',
]); // prettier-ignore

/** SQLite (or general SQL) words SuiteQL does not accept. */
const REJECTED_WORDS: Readonly<Record<string, string>> = {
  limit: 'LIMIT (use FETCH FIRST n ROWS ONLY or ROWNUM)',
  offset: 'OFFSET',
  glob: 'GLOB',
  regexp: 'the REGEXP operator (use REGEXP_LIKE)',
  match: 'MATCH',
  ilike: 'ILIKE',
  collate: 'COLLATE',
  pragma: 'PRAGMA',
  insert: 'INSERT',
  update: 'UPDATE',
  delete: 'DELETE',
  create: 'CREATE',
  drop: 'DROP',
  alter: 'ALTER',
  attach: 'ATTACH',
  detach: 'DETACH',
  vacuum: 'VACUUM',
  reindex: 'REINDEX',
  analyze: 'ANALYZE',
  returning: 'RETURNING',
  indexed: 'INDEXED BY',
  with: 'WITH (common table expressions)',
  true: "the boolean literal TRUE (SuiteQL uses 'T'/'F')",
  false: "the boolean literal FALSE (SuiteQL uses 'T'/'F')",
  connect: 'CONNECT BY',
  pivot: 'PIVOT',
  listagg: 'LISTAGG',
  decode: 'DECODE (use CASE)',
};

/** Oracle functions the emulator supports → SQLite (or emulator) function, by argument count. */
const FUNCTIONS: Readonly<Record<string, Readonly<Record<number, string>> | string>> = {
  count: 'count',
  sum: 'sum',
  avg: 'avg',
  min: 'min',
  max: 'max',
  upper: { 1: 'upper' },
  lower: { 1: 'lower' },
  length: { 1: 'length' },
  replace: { 2: 'ns_replace2', 3: 'ns_replace3' },
  abs: { 1: 'abs' },
  round: { 1: 'round', 2: 'round' },
  floor: { 1: 'floor' },
  ceil: { 1: 'ceil' },
  mod: { 2: 'mod' },
  power: { 2: 'power' },
  sqrt: { 1: 'sqrt' },
  sign: { 1: 'sign' },
  coalesce: 'coalesce',
  nullif: { 2: 'nullif' },
  concat: { 2: 'concat' },
  trim: { 1: 'trim' },
  ltrim: { 1: 'ltrim', 2: 'ltrim' },
  rtrim: { 1: 'rtrim', 2: 'rtrim' },
  instr: { 2: 'instr' },
  nvl: { 2: 'coalesce' },
  nvl2: { 3: 'ns_nvl2' },
  greatest: 'max',
  least: 'min',
  substr: { 2: 'ns_substr2', 3: 'ns_substr3' },
  lpad: { 2: 'ns_lpad2', 3: 'ns_lpad3' },
  rpad: { 2: 'ns_rpad2', 3: 'ns_rpad3' },
  to_char: { 1: 'ns_to_char1', 2: 'ns_to_char2' },
  to_date: { 1: 'ns_to_date1', 2: 'ns_to_date2' },
  to_number: { 1: 'ns_to_number' },
  trunc: { 1: 'ns_trunc1', 2: 'ns_trunc2' },
  add_months: { 2: 'ns_add_months' },
  last_day: { 1: 'ns_last_day' },
  regexp_like: { 2: 'ns_regexp_like2', 3: 'ns_regexp_like3' },
  regexp_replace: { 3: 'ns_regexp_replace3' },
  regexp_substr: { 2: 'ns_regexp_substr2' },
  row_number: { 0: 'row_number' },
  rank: { 0: 'rank' },
  dense_rank: { 0: 'dense_rank' },
  cast: { 1: 'cast' },
};

const CAST_TYPES: Readonly<Record<string, string>> = {
  number: 'NUMERIC',
  numeric: 'NUMERIC',
  decimal: 'NUMERIC',
  float: 'REAL',
  integer: 'INTEGER',
  int: 'INTEGER',
  varchar: 'TEXT',
  varchar2: 'TEXT',
  nvarchar2: 'TEXT',
  char: 'TEXT',
  clob: 'TEXT',
};

const DATE_KEYWORDS = new Set(['sysdate', 'current_date', 'current_timestamp', 'systimestamp']);

type Clause = 'select' | 'from' | 'where' | 'group' | 'having' | 'order' | 'other' | 'call';

interface Frame {
  clause: Clause;
  /** LIMIT to append at the end of this query block: a literal or a `?` with its source index. */
  limit?: { text: string; param?: number };
  /** Function call frame: where its name sits in the output and how many arguments it has. */
  fn?: { name: string; outIndex: number; args: number; suffix?: string };
  isCast?: boolean;
}

export interface TranslatedQuery {
  sql: string;
  /** For each `?` of `sql`, the index of the caller's parameter. */
  paramOrder: number[];
  /** Number of `?` in the SuiteQL text. */
  paramCount: number;
  /** SuiteQL tables the statement reads. */
  tables: Set<string>;
  /** Aliases and table names in scope, for error messages. */
  aliases: Map<string, string | null>;
}

function isClauseEnd(token: Token | undefined): boolean {
  return (
    token === undefined ||
    (token.kind === 'op' && token.text === ')') ||
    (token.kind === 'word' &&
      ['order', 'group', 'having', 'union', 'minus', 'intersect', 'except', 'fetch'].includes(token.lower))
  );
}

/** First pass: table references and aliases. */
function scanTables(
  tokens: Token[],
  catalog: ReadonlyMap<string, TableSpec>,
): Pick<TranslatedQuery, 'tables' | 'aliases'> {
  const tables = new Set<string>();
  const aliases = new Map<string, string | null>();
  const clauses: Clause[] = ['other'];
  let expectTable = false;
  let derivedDepth: number[] = [];
  let pendingDerivedAlias = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const depth = clauses.length - 1;
    if (pendingDerivedAlias) {
      pendingDerivedAlias = false;
      const aliasToken = token.kind === 'word' && token.lower === 'as' ? tokens[++i] : token;
      if (
        aliasToken &&
        (aliasToken.kind === 'qword' || (aliasToken.kind === 'word' && !KEYWORDS.has(aliasToken.lower)))
      ) {
        aliases.set(aliasToken.kind === 'word' ? aliasToken.lower : aliasToken.text.toLowerCase(), null);
        continue;
      }
      if (aliasToken !== token) i--;
    }
    if (token.kind === 'op' && token.text === '(') {
      if (expectTable) derivedDepth.push(depth + 1);
      expectTable = false;
      const previous = tokens[i - 1];
      // Inside a call, FROM is an argument keyword (EXTRACT(x FROM y), TRIM(c FROM s)), not a table list.
      clauses.push(previous?.kind === 'word' && !KEYWORDS.has(previous.lower) ? 'call' : 'other');
      continue;
    }
    if (token.kind === 'op' && token.text === ')') {
      clauses.pop();
      if (derivedDepth.at(-1) === depth) {
        derivedDepth = derivedDepth.slice(0, -1);
        pendingDerivedAlias = true;
      }
      continue;
    }
    if (token.kind === 'op' && token.text === ',') {
      if (clauses[depth] === 'from') expectTable = true;
      continue;
    }
    if (token.kind !== 'word' && token.kind !== 'qword') continue;
    const word = token.kind === 'word' ? token.lower : token.text.toLowerCase();
    if (expectTable) {
      expectTable = false;
      if (tokens[i + 1]?.text === '.') {
        throw unsupportedSql(`the schema-qualified table name '${token.text}.${tokens[i + 2]?.text ?? ''}'`);
      }
      if (!catalog.has(word)) {
        throw nsError(SEARCH_ERROR, `Search error occurred: Record '${token.text}' was not found.`);
      }
      tables.add(word);
      aliases.set(word, word);
      let next = tokens[i + 1];
      if (next?.kind === 'word' && next.lower === 'as') {
        i++;
        next = tokens[i + 1];
      }
      if (next && (next.kind === 'qword' || (next.kind === 'word' && !KEYWORDS.has(next.lower)))) {
        aliases.set(next.kind === 'word' ? next.lower : next.text.toLowerCase(), word);
        i++;
      }
      continue;
    }
    if (token.kind !== 'word') continue;
    if (word === 'from' && clauses[depth] !== 'call') {
      clauses[depth] = 'from';
      expectTable = true;
    } else if (word === 'join') {
      expectTable = true;
    } else if (
      clauses[depth] !== 'call' &&
      ['select', 'where', 'group', 'order', 'having', 'on', 'union', 'minus', 'intersect', 'except', 'fetch'].includes(
        word,
      )
    ) {
      clauses[depth] =
        word === 'where' || word === 'select' || word === 'group' || word === 'order' || word === 'having'
          ? word
          : 'other';
    }
  }
  return { tables, aliases };
}

function identifierOf(token: Token): string {
  return token.kind === 'qword' ? token.text.toLowerCase() : token.lower;
}

/**
 * BUILTIN.DF's second argument for ns_df, as SQL: the select type of the column the argument names ('' when
 * it is not a plain column).
 */
function dfTarget(
  tokens: Token[],
  start: number,
  catalog: ReadonlyMap<string, TableSpec>,
  scope: Pick<TranslatedQuery, 'tables' | 'aliases'>,
): string {
  const a = tokens[start];
  const b = tokens[start + 1];
  const c = tokens[start + 2];
  const d = tokens[start + 3];
  let table: TableSpec | undefined;
  let column: string | undefined;
  if (a && (a.kind === 'word' || a.kind === 'qword') && b?.text === ')') {
    column = identifierOf(a);
    for (const name of scope.tables) {
      const spec = catalog.get(name);
      if (spec?.columns.some((col) => col.name === column)) {
        table = spec;
        break;
      }
    }
  } else if (a && b?.text === '.' && c && (c.kind === 'word' || c.kind === 'qword') && d?.text === ')') {
    const target = scope.aliases.get(identifierOf(a));
    table = target ? catalog.get(target) : undefined;
    column = identifierOf(c);
  }
  const selectType = table?.columns.find((col) => col.name === column)?.selectType ?? '';
  // A status letter means something only with its transaction type: DF reads both.
  if (selectType === STATUS_SELECT_TYPE) {
    const type = a && b?.text === '.' ? `${quoteIdentifier(a.text)}.\`type\`` : '`type`';
    return `'${STATUS_SELECT_TYPE}:' || ${type}`;
  }
  return `'${selectType}'`;
}

/** Translates one SuiteQL statement. */
export function translate(sql: string, catalog: ReadonlyMap<string, TableSpec>): TranslatedQuery {
  const tokens = tokenize(sql);
  const first = tokens.find((t) => !(t.kind === 'op' && t.text === '('));
  if (!first || first.kind !== 'word' || first.lower !== 'select') {
    const what = first?.kind === 'word' ? first.text.toUpperCase() : first?.text;
    throw unsupportedSql(what ? `a statement starting with ${what} (only SELECT)` : 'an empty query');
  }
  const scope = scanTables(tokens, catalog);
  const out: string[] = [];
  const paramOrder: number[] = [];
  const frames: Frame[] = [{ clause: 'other' }];
  // Labels of the first top-level SELECT list: unaliased expressions become exprN, as SuiteQL names them.
  let topSelects = 0;
  let labelling = false;
  let item: { tokens: Token[]; lastOut: number }[] = [];
  let current: Token[] = [];
  let exprCount = 0;

  const frame = (): Frame => frames[frames.length - 1] as Frame;
  const closeItem = (): void => {
    if (current.length) item.push({ tokens: current, lastOut: out.length - 1 });
    current = [];
  };
  const finishLabels = (): void => {
    closeItem();
    labelling = false;
    for (const entry of item) {
      const label = labelFor(entry.tokens, () => `expr${++exprCount}`);
      if (label) out[entry.lastOut] += ` AS "${label}"`;
    }
    item = [];
  };
  const emitLimit = (f: Frame): void => {
    if (!f.limit) return;
    out.push('LIMIT');
    out.push(f.limit.text);
    if (f.limit.param !== undefined) paramOrder.push(f.limit.param);
    f.limit = undefined;
  };
  const setLimit = (f: Frame, limit: Frame['limit'], what: string): void => {
    if (f.limit) throw unsupportedSql(`${what} together with another row limit in the same query block`);
    f.limit = limit;
  };
  const limitValue = (token: Token | undefined, adjust: number, what: string): Frame['limit'] => {
    if (token?.kind === 'param')
      return { text: adjust ? `(? ${adjust < 0 ? '-' : '+'} ${Math.abs(adjust)})` : '?', param: token.param as number };
    if (token?.kind === 'number' && /^\d+$/.test(token.text)) return { text: String(Number(token.text) + adjust) };
    throw unsupportedSql(`${what} with a value other than an integer literal or '?'`);
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const f = frame();
    const depth = frames.length - 1;
    if (labelling && depth === 0) {
      if (token.kind === 'word' && token.lower === 'from') finishLabels();
      else if (token.kind === 'op' && token.text === ',') closeItem();
      else if (!(token.kind === 'word' && token.lower === 'distinct' && current.length === 0)) current.push(token);
    } else if (labelling && depth > 0) current.push(token);

    switch (token.kind) {
      case 'string':
        out.push(token.text === "''" ? 'NULL' : token.text);
        continue;
      case 'number':
        out.push(token.text);
        continue;
      case 'param':
        out.push('?');
        paramOrder.push(token.param as number);
        continue;
      case 'qword':
        out.push(quoteIdentifier(token.text));
        continue;
      case 'op':
        if (token.text === '(') {
          const previous = tokens[i - 1];
          const fnName = previous?.kind === 'word' && !KEYWORDS.has(previous.lower) ? previous.lower : undefined;
          const next: Frame = { clause: 'other' };
          if (fnName) {
            const isDf = fnName === 'df' && tokens[i - 2]?.text === '.' && tokens[i - 3]?.lower === 'builtin';
            next.fn = {
              name: isDf ? 'builtin.df' : fnName,
              outIndex: out.length - 1,
              args: tokens[i + 1]?.text === ')' ? 0 : 1,
            };
            if (isDf) next.fn.suffix = dfTarget(tokens, i + 1, catalog, scope);
            if (fnName === 'cast') next.isCast = true;
          }
          frames.push(next);
          out.push('(');
          continue;
        }
        if (token.text === ')') {
          if (frames.length === 1) throw unsupportedSql("an unbalanced ')'");
          emitLimit(f);
          if (f.fn) {
            if (f.fn.name === 'builtin.df') {
              if (f.fn.args !== 1) throw unsupportedSql('BUILTIN.DF with other than one argument');
              out.push(',', f.fn.suffix ?? "''");
            } else out[f.fn.outIndex] = functionName(f.fn.name, f.fn.args);
          }
          frames.pop();
          out.push(')');
          continue;
        }
        if (token.text === ',' && f.fn) f.fn.args++;
        out.push(token.text);
        continue;
      default:
        break;
    }

    // Words.
    const word = token.lower;
    const next = tokens[i + 1];
    const isCall = next?.kind === 'op' && next.text === '(' && !KEYWORDS.has(word);
    if (word === 'builtin') {
      const member = tokens[i + 2];
      if (next?.text !== '.' || !member || member.kind !== 'word') throw unsupportedSql('BUILTIN without a function');
      if (member.lower !== 'df') throw unsupportedSql(`BUILTIN.${member.text.toUpperCase()}`);
      if (tokens[i + 3]?.text !== '(') throw unsupportedSql('BUILTIN.DF without arguments');
      out.push('ns_df');
      i += 2;
      continue;
    }
    if (isCall) {
      if (!(word in FUNCTIONS)) {
        throw unsupportedSql(
          word in REJECTED_WORDS ? (REJECTED_WORDS[word] as string) : `the function ${token.text.toUpperCase()}`,
        );
      }
      out.push(word); // replaced with the SQLite name once the argument count is known
      continue;
    }
    if (f.isCast && word in CAST_TYPES && tokens[i - 1]?.lower === 'as') {
      out.push(CAST_TYPES[word] as string);
      continue;
    }
    if (f.isCast && tokens[i - 1]?.lower === 'as') throw unsupportedSql(`CAST to ${token.text.toUpperCase()}`);
    if (word in REJECTED_WORDS && !(tokens[i - 1]?.text === '.')) {
      throw unsupportedSql(REJECTED_WORDS[word] as string);
    }
    if (DATE_KEYWORDS.has(word) && tokens[i - 1]?.text !== '.') {
      out.push('ns_sysdate()');
      continue;
    }
    switch (word) {
      case 'select':
        f.clause = 'select';
        out.push('SELECT');
        if (depth === 0 && ++topSelects === 1) {
          labelling = true;
          current = [];
        }
        if (next?.kind === 'word' && next.lower === 'top') {
          setLimit(f, limitValue(tokens[i + 2], 0, 'TOP'), 'TOP');
          i += 2;
        }
        continue;
      case 'from':
      case 'where':
      case 'group':
      case 'having':
      case 'order':
        f.clause = word === 'from' ? 'from' : word;
        out.push(token.text);
        continue;
      case 'union':
      case 'intersect':
      case 'except':
      case 'minus':
        if (f.limit) throw unsupportedSql('a row limit (ROWNUM/TOP/FETCH FIRST) before a set operator');
        f.clause = 'other';
        out.push(word === 'minus' ? 'EXCEPT' : word);
        continue;
      case 'fetch': {
        // FETCH FIRST|NEXT n ROW|ROWS ONLY
        const kind = tokens[i + 1]?.lower;
        const value = tokens[i + 2];
        const rows = tokens[i + 3]?.lower;
        const only = tokens[i + 4]?.lower;
        if ((kind !== 'first' && kind !== 'next') || (rows !== 'rows' && rows !== 'row') || only !== 'only') {
          throw unsupportedSql('FETCH other than FETCH FIRST n ROWS ONLY');
        }
        setLimit(f, limitValue(value, 0, 'FETCH FIRST'), 'FETCH FIRST');
        i += 4;
        continue;
      }
      case 'rownum':
        i = rownum(tokens, i, f, out, setLimit, limitValue);
        continue;
      case 'date':
        // ANSI date literal DATE 'YYYY-MM-DD'
        if (next?.kind === 'string') {
          out.push(`ns_to_date2(${next.text}, 'YYYY-MM-DD')`);
          i++;
          continue;
        }
        out.push(quoteIdentifier(token.text));
        continue;
      default:
        out.push(KEYWORDS.has(word) ? token.text : quoteIdentifier(token.text));
    }
  }
  if (frames.length !== 1) throw unsupportedSql("an unbalanced '('");
  if (labelling) finishLabels();
  emitLimit(frame());
  let paramCount = 0;
  for (const token of tokens) if (token.kind === 'param') paramCount++;
  return { sql: out.join(' '), paramOrder, paramCount, ...scope };
}

/** Backticks: unlike double quotes, SQLite never reads them as a string literal when the name is unknown. */
function quoteIdentifier(name: string): string {
  return '`' + name.replace(/`/g, '``') + '`';
}

function functionName(name: string, args: number): string {
  const mapping = FUNCTIONS[name];
  if (typeof mapping === 'string') return mapping;
  const mapped = mapping?.[args];
  if (!mapped) throw unsupportedSql(`${name.toUpperCase()} with ${args} argument${args === 1 ? '' : 's'}`);
  return mapped === 'cast' ? 'CAST' : mapped;
}

/** ROWNUM: in a SELECT list it numbers the rows; in WHERE, `ROWNUM <= n` (ANDed) limits the block. */
function rownum(
  tokens: Token[],
  i: number,
  f: Frame,
  out: string[],
  setLimit: (f: Frame, limit: Frame['limit'], what: string) => void,
  limitValue: (token: Token | undefined, adjust: number, what: string) => Frame['limit'],
): number {
  if (f.clause === 'select' || f.clause === 'order') {
    out.push('ROW_NUMBER() OVER ()');
    return i;
  }
  const op = tokens[i + 1]?.text;
  const value = tokens[i + 2];
  const previous = out[out.length - 1]?.toLowerCase();
  if (f.clause !== 'where' || (previous !== 'where' && previous !== 'and') || !op || !['<=', '<', '='].includes(op)) {
    throw unsupportedSql("ROWNUM other than in the SELECT list or as an ANDed 'ROWNUM <= n' / 'ROWNUM < n' condition");
  }
  if (op === '=' && value?.text !== '1') throw unsupportedSql('ROWNUM = n with n other than 1');
  setLimit(f, limitValue(value, op === '<' ? -1 : 0, 'ROWNUM'), 'ROWNUM');
  let end = i + 2;
  const after = tokens[end + 1];
  if (previous === 'and') {
    if (after?.kind === 'word' && after.lower === 'or') throw unsupportedSql('ROWNUM inside an OR condition');
    out.pop();
  } else if (after?.kind === 'word' && after.lower === 'and') {
    end++;
  } else if (isClauseEnd(after)) {
    out.pop(); // WHERE had nothing else
  } else {
    throw unsupportedSql('ROWNUM inside an OR condition');
  }
  return end;
}

const NOT_ALIAS = new Set(['end', 'null', 'distinct', 'all']);

/** The label SuiteQL gives a select item without one of its own, or undefined when SQLite's is right. */
function labelFor(tokens: Token[], nextExpr: () => string): string | undefined {
  const n = tokens.length;
  const last = tokens[n - 1];
  const beforeLast = tokens[n - 2];
  if (!last) return undefined;
  if (n === 1 && last.kind === 'word' && (last.lower === 'rownum' || DATE_KEYWORDS.has(last.lower))) return last.lower;
  if (n === 1 && (last.kind === 'word' || last.text === '*')) return undefined;
  if (n === 3 && beforeLast?.text === '.' && (last.kind === 'word' || last.kind === 'qword' || last.text === '*')) {
    return undefined;
  }
  const aliasLike = (last.kind === 'word' && !NOT_ALIAS.has(last.lower)) || last.kind === 'qword';
  if (aliasLike && n >= 2 && beforeLast) {
    if (beforeLast.kind === 'word' && beforeLast.lower === 'as') return undefined;
    const operandBefore =
      beforeLast.kind === 'word' ||
      beforeLast.kind === 'qword' ||
      beforeLast.kind === 'string' ||
      beforeLast.kind === 'number' ||
      beforeLast.kind === 'param' ||
      beforeLast.text === ')';
    const keywordBefore = beforeLast.kind === 'word' && KEYWORDS.has(beforeLast.lower) && beforeLast.lower !== 'end';
    if (operandBefore && !keywordBefore) return undefined;
  }
  return nextExpr();
}
