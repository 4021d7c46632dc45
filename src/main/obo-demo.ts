/**
 * The ÖBO loop of the demo (`npm start` with demo data and no ÖBO configured):
 * a fake ÖBO in this process, hemvist configured to it with fresh secrets, and,
 * once the worker has solved the demo's first round, its ÖBO proposals
 * approved by a demo allocation officer. Each approval puts a nomination in
 * the outbox; the worker's relay delivers it; the fake ÖBO answers with a
 * signed "contract signed", which the outcome webhook records as a placement.
 * The log shows each step. Nothing here runs when ÖBO is configured.
 */
import { and, eq } from 'drizzle-orm'
import type { DatabaseHandle } from '../../db/client.ts'
import { proposals, rounds, vacancies } from '../../db/schema.ts'
import type { Config } from '../config.ts'
import { type MockObo, startMockObo } from '../integrations/obo/mock-server.ts'
import { newSecret, secretBytes } from '../integrations/obo/signature.ts'
import type { Logger } from '../logging.ts'
import { markDemo } from '../services/demo-data.ts'
import { createToken, revokeToken } from '../services/tokens.ts'

/** The demo's named person: decisions are always a named person's, here an obviously made-up one. */
export const demoAllocator = 'Demo-boendesamordnare (exempel)'

export interface OboDemo {
  /** The ÖBO configuration hemvist runs with: the fake ÖBO's URL and the fresh secrets. */
  readonly obo: Config['obo']
  /** Tells the fake ÖBO where hemvist answers (once the port is known). */
  listening(baseUrl: string): void
  /** Approves the demo round's ÖBO proposals once the worker has solved it (in the background). */
  approveWhenSolved(
    roundId: string,
    request: (path: string, token: string, body: unknown) => Promise<Response>,
  ): void
  close(): Promise<void>
}

/** Whether the demo's ÖBO loop runs: demo data on, and no ÖBO configured. */
export function wantsOboDemo(config: Config): boolean {
  return (
    config.demo.enabled &&
    config.obo.webhookUrl === undefined &&
    config.obo.nominationSecret === undefined &&
    config.obo.outcomeSecret === undefined
  )
}

export async function startOboDemo(database: DatabaseHandle, logger: Logger): Promise<OboDemo> {
  const nominationSecret = newSecret()
  const outcomeSecret = newSecret()
  const nominationKey = secretBytes(nominationSecret)
  const outcomeKey = secretBytes(outcomeSecret)
  if (!nominationKey.ok || !outcomeKey.ok) throw new Error('a fresh secret is not valid')
  let outcomeUrl: string | undefined
  const mock: MockObo = await startMockObo({
    nominationKey: nominationKey.value,
    outcomeKey: outcomeKey.value,
    outcomeUrl: () => outcomeUrl,
    answerAfterMs: 1500,
    log: (line) => logger.info({ msg: line }),
  })
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  return {
    obo: { webhookUrl: mock.url, nominationSecret, outcomeSecret },
    listening(baseUrl) {
      outcomeUrl = `${baseUrl}/v1/integrations/obo/outcomes`
      logger.info({ msg: 'demo: ÖBO (mock) receives nominations', url: mock.url })
    },
    approveWhenSolved(roundId, request) {
      const deadline = Date.now() + 5 * 60_000
      const poll = async () => {
        if (stopped) return
        const round = database.db.select().from(rounds).where(eq(rounds.id, roundId)).get()
        if (round?.status !== 'proposed') {
          if (Date.now() < deadline && (round?.status === 'queued' || round?.status === 'solving'))
            timer = setTimeout(() => void poll().catch(() => undefined), 1000)
          return
        }
        const toApprove = database.db
          .select({ id: proposals.id })
          .from(proposals)
          .innerJoin(vacancies, eq(vacancies.id, proposals.vacancyId))
          .where(
            and(
              eq(proposals.roundId, roundId),
              eq(proposals.status, 'pending'),
              eq(vacancies.type, 'obo_priority'),
            ),
          )
          .all()
        const token = createToken(database.db, {
          role: 'allocator',
          person: demoAllocator,
          label: 'demo: approves the first round’s ÖBO proposals',
        })
        if (!token.ok) return
        markDemo(database.db, 'api_token', [token.value.id])
        let approved = 0
        for (const p of toApprove) {
          // The demo allocator records the child's perspective on every approval (needed for a family; made
          // up, as the demo households are): considered, and a reason code, never free text.
          const res = await request(`/v1/rounds/${roundId}/proposals/${p.id}/approve`, token.value.token, {
            childPerspective: { considered: true, heard: 'not_old_enough', reason: 'stable_housing' },
          })
          if (res.ok) approved++
        }
        revokeToken(database.db, token.value.id)
        logger.info({ msg: 'demo: ÖBO proposals approved; their nominations go to ÖBO (mock)', approved })
      }
      const attempt = () => {
        poll().catch((error: unknown) => {
          // The database was busy (the worker writing): try again shortly.
          logger.warn({ msg: 'demo: ÖBO approval postponed', err: error })
          if (!stopped && Date.now() < deadline) timer = setTimeout(attempt, 1000)
        })
      }
      timer = setTimeout(attempt, 1000)
    },
    async close() {
      stopped = true
      if (timer !== undefined) clearTimeout(timer)
      await mock.close()
    },
  }
}
