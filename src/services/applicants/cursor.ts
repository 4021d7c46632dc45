/**
 * Opaque keyset cursors for lists in id order. The cursor names the last id of
 * the page it closed; the next page starts strictly after it, so rows that
 * exist throughout are seen exactly once however many are added or removed
 * meanwhile. Opaque (base64url) so that clients do not build them by hand.
 */
const prefix = 'c1.'

/** @example encodeCursor('a-17') // 'c1.YS0xNw' */
export function encodeCursor(lastId: string): string {
  return prefix + Buffer.from(lastId, 'utf8').toString('base64url')
}

/**
 * The position a cursor names, or undefined when it is not of the form this API gives out. Any
 * cursor of that form is a position in id order (the page starts after it), so a client that keeps
 * to the documented form is never refused; one this API gave out names the last id of its page.
 */
export function decodeCursor(cursor: string): string | undefined {
  if (!cursor.startsWith(prefix)) return undefined
  const body = cursor.slice(prefix.length)
  if (!/^[A-Za-z0-9_-]+$/.test(body)) return undefined
  return Buffer.from(body, 'base64url').toString('utf8')
}

/**
 * One page of a keyset list read with `limit + 1` rows: the first `limit`, and
 * the cursor after the last of them when there was one more row.
 *
 * @example
 * pageOf(rows, 50, (r) => r.id) // { items: rows.slice(0, 50), nextCursor: 'c1.…' | null }
 */
export function pageOf<T>(rows: readonly T[], limit: number, keyOf: (row: T) => string) {
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null }
}

/** The key a client's cursor names (`key` undefined when none was given), or `ok: false` when it is not of the form ours have. */
export function cursorKey(cursor: string | undefined): { ok: true; key?: string } | { ok: false } {
  if (cursor === undefined) return { ok: true }
  const key = decodeCursor(cursor)
  return key === undefined ? { ok: false } : { ok: true, key }
}
