import { join } from 'node:path'
import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { oboOutbox } from '../../db/schema.ts'
import { nominate, seedOboWorld } from '../services/obo/world.ts'
import { runCli } from '../support/cli.ts'
import { freshDatabase, type TestDatabase } from '../support/db.ts'

let t: TestDatabase
beforeEach(() => {
  t = freshDatabase()
  seedOboWorld(t)
})
afterEach(() => t.close())

const env = () => ({ ...process.env, HEMVIST_DB: join(t.dir, 'hemvist.db'), LOG_LEVEL: 'silent' })

describe('hemvist obo resend', () => {
  it('sends a dead nomination again: exit 0, pending under the same delivery id', async () => {
    const { outbox } = await nominate(t)
    const id = outbox?.id as string
    t.db
      .update(oboOutbox)
      .set({ status: 'dead', attempts: 12, lastError: 'HTTP 400' })
      .where(eq(oboOutbox.id, id))
      .run()
    const r = runCli(['obo', 'resend', id], env())
    expect(r).toMatchObject({ code: 0, err: '' })
    expect(r.out).toContain(`nomination ${id}`)
    expect(r.out).toContain('pending again')
    expect(t.db.select().from(oboOutbox).get()).toMatchObject({ id, status: 'pending', attempts: 0 })
  })

  it('answers a plain sentence and exit 2 for a nomination that is not dead, an unknown id, or no id', async () => {
    const { outbox } = await nominate(t)
    expect(runCli(['obo', 'resend', outbox?.id as string], env())).toEqual({
      code: 2,
      out: '',
      err: 'hemvist: The nomination is pending; only a dead nomination can be sent again.\n',
    })
    expect(runCli(['obo', 'resend', 'no-such-nomination'], env())).toEqual({
      code: 2,
      out: '',
      err: 'hemvist: There is no nomination with this id.\n',
    })
    const usage = runCli(['obo', 'resend'], env())
    expect(usage.code).toBe(2)
    expect(usage.err).toContain('obo resend takes one nomination id')
    expect(usage.err).not.toMatch(/\bat .*\.ts:\d+/)
  })
})
