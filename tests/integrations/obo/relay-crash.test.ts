/**
 * The outbox row of the reliability plan, with real processes: the relay is
 * killed (SIGKILL) after the decision committed, while its delivery is in
 * flight and unanswered; after a restart the nomination arrives again under
 * the same delivery id with the same body, so ÖBO holds exactly one logical
 * nomination, and the outbox records it delivered.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { oboOutbox } from '../../../db/schema.ts'
import { type MockObo, startMockObo } from '../../../src/integrations/obo/mock-server.ts'
import { newSecret, secretBytes } from '../../../src/integrations/obo/signature.ts'
import { nominate, seedOboWorld } from '../../services/obo/world.ts'
import { freshDatabase, type TestDatabase } from '../../support/db.ts'

const root = join(import.meta.dirname, '..', '..', '..')
const secret = newSecret()
const key = (() => {
  const k = secretBytes(secret)
  if (!k.ok) throw new Error(k.error)
  return k.value
})()

function startRelay(t: TestDatabase, url: string, leaseMs: number): ChildProcess {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'tests/integrations/obo/fixtures/relay.ts', t.path, url, secret, String(leaseMs)],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  child.stdout?.resume()
  child.stderr?.resume()
  return child
}

async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

let t: TestDatabase
let obo: MockObo | undefined
const children: ChildProcess[] = []
beforeEach(() => {
  t = freshDatabase()
  seedOboWorld(t)
})
afterEach(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL')
  await obo?.close()
  t.close()
})

describe('the relay killed mid-delivery', () => {
  it('after a restart exactly one logical nomination has arrived, delivered under one delivery id', async () => {
    const { outbox } = await nominate(t) // the decision and its nomination are committed
    let held = true
    obo = await startMockObo({
      nominationKey: key,
      // The first arrival is never answered: the relay dies waiting for it.
      onArrival: (_arrival, answer) => {
        if (!held) answer(204)
      },
    })
    const first = startRelay(t, obo.url, 1_000)
    children.push(first)
    await until('the first delivery arrives', () => (obo?.arrivals.length ?? 0) === 1)
    const exited = new Promise((r) => first.once('exit', r))
    first.kill('SIGKILL')
    await exited
    held = false
    const row = t.db.select().from(oboOutbox).get()
    expect(row).toMatchObject({ status: 'pending', attempts: 1 })
    expect(row?.lockedUntil).not.toBeNull()

    const second = startRelay(t, obo.url, 1_000)
    children.push(second)
    await until(
      'the outbox records the delivery',
      () => t.db.select().from(oboOutbox).get()?.status === 'delivered',
    )
    second.kill('SIGTERM')

    expect(obo.arrivals.map((a) => a.deliveryId)).toEqual([outbox?.id, outbox?.id])
    expect(obo.arrivals[1]?.body).toBe(obo.arrivals[0]?.body)
    expect(obo.nominations.size).toBe(1)
    expect(t.db.select().from(oboOutbox).get()).toMatchObject({ status: 'delivered', attempts: 2 })
  }, 60_000)
})
