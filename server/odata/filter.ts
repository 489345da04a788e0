/**
 * `$filter` for the callRecords list, exactly the dialect Graph documents (api-spec 3.1):
 * an `and` of `startDateTime lt|le|gt|ge <date-time>` and
 * `participants_v2/any(p:p/id eq '<id>')`. Everything else is refused with a message naming
 * the unsupported part. Operators, `and` and `any` ignore case; property names do not.
 */
import { parseDateTimeLiteral } from './datetime.js'
import { ODataQueryError, echo } from './errors.js'
import { LexError, tokenize, type Token } from './filter-lexer.js'

/** Bounds on startDateTime in epoch ms; several bounds of one kind are intersected. */
export interface StartBounds {
  gt?: number
  ge?: number
  lt?: number
  le?: number
}

/** A parsed filter: every part must hold (conjunction). */
export interface FilterExpr {
  start?: StartBounds
  /** Participant ids that must all appear in the record's participants_v2 (deduplicated). */
  participantIds: string[]
}

const SUPPORTED = "only 'and' of startDateTime lt/le/gt/ge <date-time> and participants_v2/any(p:p/id eq '<id>') is supported"
const START_OPS = ['lt', 'le', 'gt', 'ge'] as const
type StartOp = (typeof START_OPS)[number]
const isStartOp = (s: string): s is StartOp => (START_OPS as readonly string[]).includes(s)

/**
 * Parses a decoded `$filter` value.
 * @throws ODataQueryError (400, option `$filter`) naming the unsupported or malformed part.
 */
export function parseFilter(text: string): FilterExpr {
  let tokens: Token[]
  try {
    tokens = tokenize(text)
  } catch (e) {
    if (e instanceof LexError) throw fail(e.message)
    throw e
  }
  const p = new Parser(tokens)
  const expr: FilterExpr = { participantIds: [] }
  if (p.peek().kind === 'end') throw fail('the $filter value is empty')
  for (;;) {
    p.clause(expr)
    const t = p.next()
    if (t.kind === 'end') return expr
    const kw = t.kind === 'word' ? t.text.toLowerCase() : ''
    if (kw === 'and') continue
    if (kw === 'or') throw fail("'or' is not supported")
    throw fail(`unexpected ${describe(t)} after a condition (combine conditions with 'and')`)
  }
}

class Parser {
  private i = 0
  constructor(private readonly tokens: Token[]) {}

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.i + ahead, this.tokens.length - 1)] as Token
  }

  next(): Token {
    const t = this.peek()
    if (this.i < this.tokens.length - 1) this.i++
    return t
  }

  clause(expr: FilterExpr): void {
    const t = this.next()
    if (t.kind === 'end') throw fail('a condition is missing at the end')
    if (t.kind === 'punct' && t.text === '(') throw fail('grouping with parentheses is not supported')
    if (t.kind !== 'word') throw fail(`a condition cannot start with ${describe(t)}`)
    const lower = t.text.toLowerCase()
    if (lower === 'not') throw fail("'not' is not supported")
    if (lower === 'and' || lower === 'or') throw fail(`'${t.text}' must stand between two conditions`)
    if (this.isPunct(this.peek(), '(')) throw fail(`the function '${echo(t.text)}' is not supported`)
    if (t.text === 'startDateTime') return this.startClause(expr)
    if (t.text === 'participants_v2') return this.lambdaClause(expr)
    const canonical = ['startDateTime', 'participants_v2'].find((n) => n.toLowerCase() === lower)
    if (canonical) throw fail(`the property '${t.text}' is not supported (property names are case-sensitive: write '${canonical}')`)
    throw fail(`filtering on the property '${echo(t.text)}' is not supported`)
  }

  private startClause(expr: FilterExpr): void {
    const op = this.next()
    if (op.kind !== 'word') throw fail(`'startDateTime' must be followed by lt, le, gt or ge, not ${describe(op)}`)
    const o = op.text.toLowerCase()
    if (!isStartOp(o)) throw fail(`the operator '${echo(op.text)}' is not supported on startDateTime; only lt, le, gt, ge are supported`)
    const lit = this.next()
    if (lit.kind === 'end') throw fail(`a date-time value is missing after 'startDateTime ${op.text}'`)
    if (lit.kind !== 'literal' && lit.kind !== 'string') throw fail(`${describe(lit)} is not a date-time value for startDateTime`)
    const v = parseDateTimeLiteral(lit.text, false)
    if (typeof v === 'string') {
      const after = this.peek()
      if (after.kind === 'literal' && /^\d{2}:\d{2}$/.test(after.text) && /^[\d-]+T[\d:.]+$/.test(lit.text)) {
        throw fail(`'${lit.text} ${after.text}' looks like a date-time whose '+' offset sign was decoded as a space; percent-encode '+' as %2B`)
      }
      throw fail(`'${echo(lit.text)}' is not a valid date-time for startDateTime: ${v}`)
    }
    // Store bounds at millisecond granularity: `gt 00:00:00.0001` is `ge 00:00:00.001`.
    let bound: StartOp = o
    let ms = v.ms
    if (v.subMillisecond) [bound, ms] = o === 'gt' || o === 'ge' ? ['ge', v.ms + 1] : ['le', v.ms]
    const start = (expr.start ??= {})
    const prev = start[bound]
    start[bound] = prev === undefined ? ms : bound === 'gt' || bound === 'ge' ? Math.max(prev, ms) : Math.min(prev, ms)
  }

  private lambdaClause(expr: FilterExpr): void {
    if (!this.isPunct(this.peek(), '/')) throw fail("participants_v2 can only be filtered as participants_v2/any(p:p/id eq '<id>')")
    this.next()
    const fn = this.next()
    const f = fn.kind === 'word' ? fn.text.toLowerCase() : ''
    if (f === 'all') throw fail("'participants_v2/all' is not supported; use participants_v2/any")
    if (f !== 'any') throw fail(`'participants_v2/${echo(fn.text)}' is not supported; use participants_v2/any(p:p/id eq '<id>')`)
    this.expectPunct('(', "'(' after participants_v2/any")
    if (this.isPunct(this.peek(), ')')) throw fail("participants_v2/any() needs a condition such as p:p/id eq '<id>'")
    const v = this.expectWord('a lambda variable name after participants_v2/any(')
    this.expectPunct(':', `':' after the lambda variable '${v}'`)
    const v2 = this.expectWord(`'${v}/id' inside any()`)
    if (v2 !== v) throw fail(`the lambda variable '${echo(v2)}' is not defined; write ${v}/id`)
    this.expectPunct('/', `'/' after '${v}' inside any()`)
    const prop = this.expectWord(`'${v}/id' inside any()`)
    if (prop !== 'id') throw fail(`the property '${v}/${echo(prop)}' is not supported inside any(); only ${v}/id is`)
    const op = this.next()
    if (op.kind !== 'word' || op.text.toLowerCase() !== 'eq') throw fail(`${describe(op)} is not supported after ${v}/id; only 'eq' is`)
    const id = this.next()
    if (id.kind !== 'string') throw fail(`the participant id must be a single-quoted string such as '0e5f0c9b-…', not ${describe(id)}`)
    const close = this.next()
    if (close.kind === 'word' && ['and', 'or'].includes(close.text.toLowerCase())) {
      throw fail(`only one '${v}/id eq' comparison is supported inside any(); combine several with 'and' outside it`)
    }
    if (!this.isPunct(close, ')')) throw fail(`expected ')' to close participants_v2/any(, found ${describe(close)}`)
    if (!expr.participantIds.includes(id.value)) expr.participantIds.push(id.value)
  }

  private isPunct(t: Token, text: string): boolean {
    return t.kind === 'punct' && t.text === text
  }

  private expectPunct(text: string, what: string): void {
    const t = this.next()
    if (!this.isPunct(t, text)) throw fail(`expected ${what}, found ${describe(t)}`)
  }

  private expectWord(what: string): string {
    const t = this.next()
    if (t.kind !== 'word') throw fail(`expected ${what}, found ${describe(t)}`)
    return t.text
  }
}

/** True when `epochMs` satisfies every startDateTime bound (no bounds: always true). */
export function matchesStart(expr: FilterExpr, epochMs: number): boolean {
  const s = expr.start
  if (!s) return true
  return (s.gt === undefined || epochMs > s.gt) && (s.ge === undefined || epochMs >= s.ge)
    && (s.lt === undefined || epochMs < s.lt) && (s.le === undefined || epochMs <= s.le)
}

/**
 * True when every filtered participant id is among `participantIds`. Ids compare without
 * regard to case: they are GUIDs (or phone numbers), and Graph treats GUIDs case-insensitively.
 */
export function matchesParticipants(expr: FilterExpr, participantIds: Iterable<string>): boolean {
  if (expr.participantIds.length === 0) return true
  const have = new Set<string>()
  for (const id of participantIds) have.add(id.toLowerCase())
  return expr.participantIds.every((id) => have.has(id.toLowerCase()))
}

/**
 * The startDateTime range as a half-open interval [from, to) in epoch ms, for a store that
 * seeks by start time. Start times are whole milliseconds, so `gt t` is `from = t + 1` and
 * `le t` is `to = t + 1`. No bound: ±Infinity. `from >= to` means nothing can match.
 */
export function startBounds(expr: FilterExpr): { from: number; to: number } {
  const s = expr.start ?? {}
  const from = Math.max(s.ge ?? -Infinity, s.gt === undefined ? -Infinity : s.gt + 1)
  const to = Math.min(s.lt ?? Infinity, s.le === undefined ? Infinity : s.le + 1)
  return { from, to }
}

function describe(t: Token): string {
  return t.kind === 'end' ? 'the end of the filter' : `'${echo(t.text)}'`
}

function fail(problem: string): ODataQueryError {
  return new ODataQueryError(`Invalid filter clause: ${problem}; ${SUPPORTED}.`, { option: '$filter' })
}
