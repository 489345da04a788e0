/**
 * Rebuilds a query string from decoded option values, for `@odata.nextLink`. The encoding is
 * Kiota's: readable (`$`, `,`, `(`, `)`, `'`, `:`, `/` stay literal) but `=`, `&`, `+`, `#`,
 * `{`, `}`, `;` and spaces are escaped, so graph-client v3 (splits on `&` and the first `=`)
 * and Kiota (treats the link as a URI template, sdk-requests.md) both replay it unchanged.
 */

/**
 * `{ $top: '5', $filter: 'startDateTime ge 2024-01-01T00:00:00Z' }` gives
 * `$top=5&$filter=startDateTime%20ge%202024-01-01T00:00:00Z`. Names are written as given
 * (QueryOptions.raw keys are canonical); entries keep their order.
 */
export function formatQueryString(options: Readonly<Record<string, string>>): string {
  return Object.entries(options)
    .map(([name, value]) => `${name}=${encodeValue(value)}`)
    .join('&')
}

function encodeValue(value: string): string {
  return encodeURIComponent(value).replace(/%(24|2C|3A|2F|40)/gi, (m) => decodeURIComponent(m))
}
