/**
 * `$expand`: parse (`sessions($expand=segments;$select=id),participants_v2`), validate against
 * the navigations an endpoint offers, and render the `@odata.context` fragment. Pure; knows
 * nothing of the store. Input is already percent-decoded (parseQueryOptions did it), so
 * Kiota's `sessions($expand%3Dsegments)` arrives here as `sessions($expand=segments)`.
 */
import { ODataQueryError, echo } from './errors.js'
import { notFoundOnType, parseSelect, validateSelect } from './select.js'

/** One expanded navigation with its nested options. */
export interface ExpandItem {
  name: string
  expand?: ExpandItem[]
  select?: string[]
}

/** Navigations an endpoint allows, nested: `{ sessions: { segments: {} }, participants_v2: {} }`. */
export interface ExpandTree {
  readonly [navigation: string]: ExpandTree
}

/** Entity type behind each callRecords navigation, for "… on type '…'" messages one level down. */
export const CALL_RECORD_NAV_TYPES: Readonly<Record<string, string>> = {
  sessions: 'microsoft.graph.callRecords.session',
  segments: 'microsoft.graph.callRecords.segment',
  participants_v2: 'microsoft.graph.callRecords.participant',
  organizer_v2: 'microsoft.graph.callRecords.organizer',
}

/** Deeper than this is refused while parsing (the callRecords tree is 2 deep; this bounds recursion). */
export const MAX_EXPAND_DEPTH = 5

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/y
const OPTION_NAME = /\$?[A-Za-z]+/y
const NESTED_UNSUPPORTED = ['$filter', '$top', '$skip', '$orderby', '$count', '$search', '$levels', '$skiptoken', '$format']

interface Cursor {
  readonly text: string
  pos: number
}

/**
 * Parses a decoded `$expand` value. Nested options are `;`-separated inside parentheses and
 * their names are case-insensitive (`$EXPAND=segments`); only `$expand` and `$select` may be
 * nested, because those are the only ones the Graph docs show for callRecords.
 * @throws ODataQueryError on empty names, unbalanced parentheses, `sessions()`, repeats, other nested options.
 */
export function parseExpand(value: string): ExpandItem[] {
  const c: Cursor = { text: value, pos: 0 }
  const items = parseList(c, 1)
  skipWs(c)
  if (c.pos < value.length) {
    const ch = value[c.pos]
    throw fail(c, ch === ')' ? `unbalanced ')' at position ${c.pos + 1}` : `unexpected '${ch}' at position ${c.pos + 1}; separate navigations with ','`)
  }
  return items
}

function parseList(c: Cursor, depth: number): ExpandItem[] {
  if (depth > MAX_EXPAND_DEPTH) throw fail(c, `$expand may be nested at most ${MAX_EXPAND_DEPTH} levels deep`)
  const items: ExpandItem[] = []
  for (;;) {
    skipWs(c)
    const name = read(c, IDENTIFIER)
    if (name === '') {
      const ch = c.text[c.pos]
      throw fail(c, ch === undefined || ch === ',' || ch === ')' || ch === ';'
        ? `a navigation property name is missing at position ${c.pos + 1}`
        : `'${ch}' at position ${c.pos + 1} cannot start a navigation property name`)
    }
    const item: ExpandItem = { name }
    skipWs(c)
    if (c.text[c.pos] === '(') {
      c.pos++
      parseOptions(c, item, depth)
    }
    if (items.some((i) => i.name.toLowerCase() === name.toLowerCase())) throw fail(c, `'${name}' is expanded more than once`)
    items.push(item)
    skipWs(c)
    if (c.text[c.pos] !== ',') return items
    c.pos++
  }
}

/** Reads `opt=value(;opt=value)*)` after an opening parenthesis, consuming the closing one. */
function parseOptions(c: Cursor, item: ExpandItem, depth: number): void {
  const seen: string[] = []
  for (;;) {
    skipWs(c)
    const raw = read(c, OPTION_NAME)
    if (raw === '') {
      const ch = c.text[c.pos]
      if (ch === ')' && seen.length === 0) throw fail(c, `empty parentheses after '${item.name}'; write '${item.name}' alone or put options such as $expand=… inside`)
      throw fail(c, ch === undefined ? `missing ')' after the options of '${item.name}'` : `expected a query option such as $expand or $select at position ${c.pos + 1} inside '${item.name}(…)'`)
    }
    const option = raw.toLowerCase()
    skipWs(c)
    if (c.text[c.pos] !== '=') throw fail(c, `expected '=' after '${raw}' inside '${item.name}(…)'`)
    c.pos++
    if (seen.includes(option)) throw fail(c, `'${option}' is specified more than once inside '${item.name}(…)'`)
    seen.push(option)
    if (option === '$expand') {
      item.expand = parseList(c, depth + 1)
    } else if (option === '$select') {
      const start = c.pos
      while (c.pos < c.text.length && c.text[c.pos] !== ';' && c.text[c.pos] !== ')') c.pos++
      item.select = parseSelect(c.text.slice(start, c.pos), `$select inside $expand=${item.name}(…)`)
    } else if (NESTED_UNSUPPORTED.includes(option)) {
      throw fail(c, `the query option '${option}' is not supported inside '${item.name}(…)'; only $expand and $select are`)
    } else {
      throw fail(c, `'${raw}' is not a query option (inside '${item.name}(…)'); only $expand and $select are supported there`)
    }
    skipWs(c)
    const ch = c.text[c.pos]
    c.pos++
    if (ch === ')') return
    if (ch !== ';') throw fail(c, ch === undefined ? `missing ')' after the options of '${item.name}'` : `unexpected '${ch}' at position ${c.pos}; separate nested options with ';'`)
  }
}

/** Options for {@link validateExpand}. */
export interface ValidateExpandOptions {
  /** Entity type of each navigation, for messages and nested `$select`. @default CALL_RECORD_NAV_TYPES */
  navTypes?: Readonly<Record<string, string>>
  /** Selectable properties per entity type; a nested `$select` is checked when its type is listed here. */
  properties?: Readonly<Record<string, readonly string[]>>
}

/**
 * Checks every navigation (at every depth) against `allowed` and returns the items with names
 * in their declared spelling (matching ignores case, like Graph's URL resolution).
 * @param typeName full name of the type the top-level navigations belong to, for the message
 *   "Could not find a property named 'x' on type 'microsoft.graph.callRecords.callRecord'."
 */
export function validateExpand(items: readonly ExpandItem[], allowed: ExpandTree, typeName: string, options: ValidateExpandOptions = {}): ExpandItem[] {
  const navTypes = options.navTypes ?? CALL_RECORD_NAV_TYPES
  return items.map((item) => {
    const key = Object.keys(allowed).find((k) => k.toLowerCase() === item.name.toLowerCase())
    const sub = key === undefined ? undefined : allowed[key]
    if (key === undefined || sub === undefined) throw notFoundOnType(item.name, typeName, '$expand')
    const childType = navTypes[key] ?? typeName
    const out: ExpandItem = { name: key }
    if (item.select) {
      const props = options.properties?.[childType]
      out.select = props ? validateSelect(item.select, props, childType) : [...item.select]
    }
    if (item.expand) out.expand = validateExpand(item.expand, sub, childType, options)
    return out
  })
}

/**
 * The `@odata.context` fragment for expanded navigations: `sessions($expand=segments)` gives
 * `sessions(segments())`, `participants_v2` gives `participants_v2()`, a nested `$select=id`
 * gives `sessions(id)`. These are the strings in Graph's get-callRecord examples.
 */
export function expandContextFragment(items: readonly ExpandItem[]): string {
  return items.map((i) => `${i.name}(${[...(i.select ?? []), expandContextFragment(i.expand ?? [])].filter((s) => s !== '').join(',')})`).join(',')
}

function read(c: Cursor, re: RegExp): string {
  re.lastIndex = c.pos
  const m = re.exec(c.text)
  if (!m) return ''
  c.pos += m[0].length
  return m[0]
}

function skipWs(c: Cursor): void {
  while (c.pos < c.text.length && /\s/.test(c.text[c.pos] ?? '')) c.pos++
}

function fail(c: Cursor, problem: string): ODataQueryError {
  return new ODataQueryError(`Invalid value '${echo(c.text)}' for query option '$expand': ${problem}.`, { option: '$expand' })
}
