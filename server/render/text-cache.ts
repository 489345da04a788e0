/**
 * A least-recently-used cache of JSON text with a byte budget. Serialising a 60-record page
 * costs far more than sending it; records do not change between requests, so their text is
 * kept and pages are stitched from it.
 */
export class TextCache {
  private readonly map = new Map<string, string>()
  private bytes = 0
  hits = 0
  misses = 0

  constructor(private readonly budgetBytes: number) {}

  get(key: string, make: () => string): string {
    const hit = this.map.get(key)
    if (hit !== undefined) {
      this.hits++
      // refresh recency
      this.map.delete(key)
      this.map.set(key, hit)
      return hit
    }
    this.misses++
    const text = make()
    // V8 keeps these one-byte strings when they are ASCII, two-byte otherwise: count two to stay safe
    this.bytes += text.length * 2
    this.map.set(key, text)
    while (this.bytes > this.budgetBytes && this.map.size > 1) {
      const [oldKey, oldText] = this.map.entries().next().value as [string, string]
      this.map.delete(oldKey)
      this.bytes -= oldText.length * 2
    }
    return text
  }

  clear(): void {
    this.map.clear()
    this.bytes = 0
  }
}
