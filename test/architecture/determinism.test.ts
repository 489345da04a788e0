import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = new URL('../../', import.meta.url).pathname

function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const p = join(dir, name)
    if (statSync(join(root, p)).isDirectory()) return sources(p)
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : []
  })
}

describe('architecture', () => {
  const files = ['generators', 'server', 'fixtures'].flatMap(sources)

  it('reads randomness and the wall clock only through the rng and clock modules', () => {
    const offenders: string[] = []
    for (const f of files) {
      const text = readFileSync(join(root, f), 'utf8')
      if (/Math\.random\s*\(/.test(text)) offenders.push(`${f}: Math.random`)
      if (f !== 'generators/clock.ts' && /Date\.now\s*\(|new Date\(\s*\)|performance\.now\s*\(/.test(text)) offenders.push(`${f}: wall clock`)
      if (/crypto\.randomUUID|randomBytes\s*\(/.test(text) && !f.startsWith('server/')) offenders.push(`${f}: crypto randomness`)
    }
    expect(files.length).toBeGreaterThan(10)
    expect(offenders).toEqual([])
  })

  it('keeps HTTP out of the generators and fixtures', () => {
    const offenders = files
      .filter((f) => f.startsWith('generators/') || f.startsWith('fixtures/'))
      .filter((f) => /from '(express|node:http|node:https|supertest)'/.test(readFileSync(join(root, f), 'utf8')))
      .map((f) => relative(root, join(root, f)))
    expect(offenders).toEqual([])
  })
})
