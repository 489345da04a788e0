/**
 * Tokenizer for the small `$filter` dialect in filter.ts. Knows OData's lexical forms
 * (words, unquoted literals, '…' strings with '' escaping, punctuation) and nothing of meaning.
 */
import { echo } from './errors.js'

/** A lexical token; `pos` is the 0-based offset in the filter text. */
export type Token =
  | { kind: 'word'; text: string; pos: number }
  | { kind: 'literal'; text: string; pos: number }
  | { kind: 'string'; text: string; value: string; pos: number }
  | { kind: 'punct'; text: '(' | ')' | ',' | '/' | ':'; pos: number }
  | { kind: 'end'; text: ''; pos: number }

/** Thrown by {@link tokenize}; filter.ts wraps the problem into its ODataQueryError message. */
export class LexError extends Error {}

const WORD = /[A-Za-z_][A-Za-z0-9_]*/y
// Unquoted literals start with a digit (or -digit): numbers, dates, date-times with offsets.
const LITERAL = /-?[0-9][0-9A-Za-z:.+-]*/y
const HINTS: Readonly<Record<string, string>> = {
  '"': 'string values are quoted with single quotes',
  '=': "comparison operators are written as words: eq, lt, le, gt, ge ('=' is not an operator)",
  '<': 'comparison operators are written as words: lt, le, gt, ge',
  '>': 'comparison operators are written as words: lt, le, gt, ge',
  '!': "use 'ne' or 'not', not '!'",
  '&': "'&' is not an operator; combine conditions with 'and'",
}

/** Splits filter text into tokens, always ending with an `end` token. */
export function tokenize(text: string): Token[] {
  const out: Token[] = []
  let pos = 0
  while (pos < text.length) {
    const ch = text[pos] ?? ''
    if (/\s/.test(ch)) {
      pos++
      continue
    }
    if (ch === '(' || ch === ')' || ch === ',' || ch === '/' || ch === ':') {
      out.push({ kind: 'punct', text: ch, pos })
      pos++
      continue
    }
    if (ch === "'") {
      const start = pos
      let value = ''
      pos++
      for (;;) {
        if (pos >= text.length) throw new LexError(`the string starting at position ${start + 1} has no closing quote`)
        const c = text[pos]
        if (c === "'" && text[pos + 1] === "'") {
          value += "'"
          pos += 2
        } else if (c === "'") {
          pos++
          break
        } else {
          value += c
          pos++
        }
      }
      out.push({ kind: 'string', text: text.slice(start, pos), value, pos: start })
      continue
    }
    const word = match(WORD, text, pos) ?? match(LITERAL, text, pos)
    if (word === undefined) {
      const hint = HINTS[ch]
      throw new LexError(`unexpected character '${echo(ch)}' at position ${pos + 1}${hint ? ` (${hint})` : ''}`)
    }
    out.push({ kind: /^-?[0-9]/.test(word) ? 'literal' : 'word', text: word, pos })
    pos += word.length
  }
  out.push({ kind: 'end', text: '', pos })
  return out
}

function match(re: RegExp, text: string, pos: number): string | undefined {
  re.lastIndex = pos
  return re.exec(text)?.[0]
}
