/** The verification snippet in docs/integrations/obo.md works against hemvist's own signatures. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { newSecret, secretBytes, signedHeaders } from '../../../src/integrations/obo/signature.ts'

type Verify = (secret: string, headers: Record<string, string>, body: string, nowMs?: number) => boolean

describe('docs/integrations/obo.md', () => {
  it('its verification snippet accepts a nomination hemvist signed and refuses a changed or stale one', async () => {
    const doc = readFileSync(new URL('../../../docs/integrations/obo.md', import.meta.url), 'utf8')
    const block = /<!-- verify-snippet:start -->\s*```js\n([\s\S]*?)```\s*<!-- verify-snippet:end -->/.exec(
      doc,
    )?.[1]
    expect(block).toBeDefined()
    const dir = mkdtempSync(join(tmpdir(), 'hemvist-snippet-'))
    try {
      const file = join(dir, 'verify.mjs')
      writeFileSync(file, block ?? '')
      const { verifyWebhook } = (await import(pathToFileURL(file).href)) as { verifyWebhook: Verify }
      const secret = newSecret()
      const key = secretBytes(secret)
      if (!key.ok) throw new Error(key.error)
      const body = '{"type":"nomination.created","data":{"objectNo":"1234-0101"}}'
      const now = Date.now()
      const headers = { ...signedHeaders(key.value, 'msg_1', Math.floor(now / 1000), body) }
      expect(verifyWebhook(secret, headers, body, now)).toBe(true)
      expect(verifyWebhook(secret, headers, `${body} `, now)).toBe(false)
      expect(verifyWebhook(secret, headers, body, now + 6 * 60_000)).toBe(false)
      expect(verifyWebhook(newSecret(), headers, body, now)).toBe(false)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
