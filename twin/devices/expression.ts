/**
 * The small expression language of derived fields in device-type files (`derive: "moisture * 0.8"`).
 * Hand-written (a Pratt parser of ~200 lines) rather than a library: none of the allowed dependencies
 * parses expressions, and a general one (mathjs, expr-eval) would bring far more than a device-type
 * file needs — and its errors would not carry the offset we turn into file:line:col.
 *
 * Grammar: numbers, 'strings' or "strings", true, false, field names, ( ), unary - and !, * / %, + -,
 * < <= > >=, == !=, &&, ||, c ? a : b, and the functions below. `+` adds numbers or joins strings.
 */

export type Expr =
  | { op: 'lit'; value: number | string | boolean }
  | { op: 'ref'; name: string }
  | { op: 'unary'; fn: '-' | '!'; arg: Expr }
  | { op: 'binary'; fn: BinaryOp; left: Expr; right: Expr }
  | { op: 'cond'; test: Expr; then: Expr; else: Expr }
  | { op: 'call'; fn: FunctionName; args: Expr[] };

type BinaryOp = '+' | '-' | '*' | '/' | '%' | '<' | '<=' | '>' | '>=' | '==' | '!=' | '&&' | '||';

/** Functions an expression may call, with how many arguments each takes. */
export const EXPRESSION_FUNCTIONS = {
  min: [2, Infinity],
  max: [2, Infinity],
  abs: [1, 1],
  round: [1, 2],
  floor: [1, 1],
  ceil: [1, 1],
  sqrt: [1, 1],
  pow: [2, 2],
  clamp: [3, 3],
} as const;
type FunctionName = keyof typeof EXPRESSION_FUNCTIONS;

export type ExprValue = number | string | boolean;

/** A syntax error at `offset` (0-based, in the expression text). */
export class ExpressionError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.name = 'ExpressionError';
    this.offset = offset;
  }
}

interface Token {
  kind: 'num' | 'str' | 'name' | 'op' | 'end';
  text: string;
  value?: number | string;
  at: number;
}

const OPERATORS = [
  '&&',
  '||',
  '<=',
  '>=',
  '==',
  '!=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '<',
  '>',
  '!',
  '(',
  ')',
  ',',
  '?',
  ':',
];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const num = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (num) {
      tokens.push({ kind: 'num', text: num[0], value: Number(num[0]), at: i });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (name) {
      tokens.push({ kind: 'name', text: name[0], at: i });
      i += name[0].length;
      continue;
    }
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new ExpressionError(`unterminated string (no closing ${c})`, i);
      tokens.push({ kind: 'str', text: text.slice(i, end + 1), value: text.slice(i + 1, end), at: i });
      i = end + 1;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op === undefined) throw new ExpressionError(`unexpected character '${c}'`, i);
    tokens.push({ kind: 'op', text: op, at: i });
    i += op.length;
  }
  tokens.push({ kind: 'end', text: 'the end', at: text.length });
  return tokens;
}

const BINDING: Record<string, number> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
};
const CONDITIONAL_BINDING = 0.5;

/** Parses `text`; throws ExpressionError with the offset of the problem. */
export function parseExpression(text: string): Expr {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos]!;
  const next = () => tokens[pos++]!;
  const expect = (op: string) => {
    const t = next();
    if (t.kind !== 'op' || t.text !== op)
      throw new ExpressionError(`expected '${op}', found ${t.text}`, t.at);
  };

  const primary = (): Expr => {
    const t = next();
    if (t.kind === 'num' || t.kind === 'str') return { op: 'lit', value: t.value! };
    if (t.kind === 'name') {
      if (t.text === 'true' || t.text === 'false') return { op: 'lit', value: t.text === 'true' };
      if (peek().kind === 'op' && peek().text === '(') {
        if (!Object.hasOwn(EXPRESSION_FUNCTIONS, t.text)) {
          throw new ExpressionError(
            `unknown function '${t.text}'; known: ${Object.keys(EXPRESSION_FUNCTIONS).join(', ')}`,
            t.at,
          );
        }
        next();
        const args: Expr[] = [];
        if (!(peek().kind === 'op' && peek().text === ')')) {
          args.push(expression(0));
          while (peek().kind === 'op' && peek().text === ',') {
            next();
            args.push(expression(0));
          }
        }
        expect(')');
        const fn = t.text as FunctionName;
        const [least, most] = EXPRESSION_FUNCTIONS[fn];
        if (args.length < least || args.length > most) {
          const want =
            least === most ? `${least}` : most === Infinity ? `${least} or more` : `${least} to ${most}`;
          throw new ExpressionError(`${fn}() takes ${want} arguments, not ${args.length}`, t.at);
        }
        return { op: 'call', fn, args };
      }
      return { op: 'ref', name: t.text };
    }
    if (t.kind === 'op' && t.text === '(') {
      const inner = expression(0);
      expect(')');
      return inner;
    }
    if (t.kind === 'op' && (t.text === '-' || t.text === '!')) {
      return { op: 'unary', fn: t.text, arg: expression(7) };
    }
    throw new ExpressionError(
      `expected a value, found ${t.kind === 'end' ? 'the end' : `'${t.text}'`}`,
      t.at,
    );
  };

  const expression = (minBinding: number): Expr => {
    let left = primary();
    for (;;) {
      const t = peek();
      if (t.kind !== 'op') break;
      if (t.text === '?' && CONDITIONAL_BINDING >= minBinding) {
        next();
        const then = expression(0);
        expect(':');
        const otherwise = expression(CONDITIONAL_BINDING);
        left = { op: 'cond', test: left, then, else: otherwise };
        continue;
      }
      const binding = BINDING[t.text];
      if (binding === undefined || binding <= minBinding) break;
      next();
      left = { op: 'binary', fn: t.text as BinaryOp, left, right: expression(binding) };
    }
    return left;
  };

  const tree = expression(0);
  const rest = peek();
  if (rest.kind !== 'end') throw new ExpressionError(`unexpected '${rest.text}'`, rest.at);
  return tree;
}

/** The field names an expression reads. */
export function expressionRefs(expr: Expr, out = new Set<string>()): Set<string> {
  switch (expr.op) {
    case 'ref':
      out.add(expr.name);
      break;
    case 'unary':
      expressionRefs(expr.arg, out);
      break;
    case 'binary':
      expressionRefs(expr.left, out);
      expressionRefs(expr.right, out);
      break;
    case 'cond':
      expressionRefs(expr.test, out);
      expressionRefs(expr.then, out);
      expressionRefs(expr.else, out);
      break;
    case 'call':
      for (const a of expr.args) expressionRefs(a, out);
      break;
    case 'lit':
      break;
  }
  return out;
}

const num = (v: ExprValue | undefined): number => (typeof v === 'number' ? v : Number(v));

/**
 * The value of `expr` with field values from `read`; undefined when a field it needs has no value
 * now. Arithmetic on non-numbers gives NaN, which the caller treats as "no value".
 */
export function evaluateExpression(
  expr: Expr,
  read: (name: string) => ExprValue | undefined,
): ExprValue | undefined {
  switch (expr.op) {
    case 'lit':
      return expr.value;
    case 'ref':
      return read(expr.name);
    case 'unary': {
      const v = evaluateExpression(expr.arg, read);
      if (v === undefined) return undefined;
      return expr.fn === '!' ? !v : -num(v);
    }
    case 'cond': {
      const test = evaluateExpression(expr.test, read);
      if (test === undefined) return undefined;
      return evaluateExpression(test ? expr.then : expr.else, read);
    }
    case 'binary': {
      const a = evaluateExpression(expr.left, read);
      if (expr.fn === '&&' && a !== undefined && !a) return false;
      if (expr.fn === '||' && a !== undefined && a) return true;
      const b = evaluateExpression(expr.right, read);
      if (a === undefined || b === undefined) return undefined;
      switch (expr.fn) {
        case '+':
          return typeof a === 'string' || typeof b === 'string' ? `${a}${b}` : num(a) + num(b);
        case '-':
          return num(a) - num(b);
        case '*':
          return num(a) * num(b);
        case '/':
          return num(a) / num(b);
        case '%':
          return num(a) % num(b);
        case '<':
          return a < b;
        case '<=':
          return a <= b;
        case '>':
          return a > b;
        case '>=':
          return a >= b;
        case '==':
          return a === b;
        case '!=':
          return a !== b;
        case '&&':
        case '||':
          return Boolean(b);
      }
      break;
    }
    case 'call': {
      const args: number[] = [];
      for (const e of expr.args) {
        const v = evaluateExpression(e, read);
        if (v === undefined) return undefined;
        args.push(num(v));
      }
      const [x = NaN, y = NaN, z = NaN] = args;
      switch (expr.fn) {
        case 'min':
          return Math.min(...args);
        case 'max':
          return Math.max(...args);
        case 'abs':
          return Math.abs(x);
        case 'round': {
          const f = 10 ** (args.length > 1 ? Math.trunc(y) : 0);
          return Math.round(x * f) / f;
        }
        case 'floor':
          return Math.floor(x);
        case 'ceil':
          return Math.ceil(x);
        case 'sqrt':
          return Math.sqrt(x);
        case 'pow':
          return x ** y;
        case 'clamp':
          return Math.min(Math.max(x, y), z);
      }
    }
  }
  return undefined;
}
