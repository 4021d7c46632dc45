/**
 * The tenancy pathway in the demo (`npm start` on a new database): once the worker has solved the
 * demo's first round, a demo allocation officer approves two of its social-contract proposals and
 * records the households' yes through the API, as staff would; one household takes its contract
 * over at once, the other stays in its trial period. So the staff pages and the follow-up's
 * `pathway` report show a household in a trial period and one that took over its contract. Every
 * record this makes follows from demo households and flats, so `demo_records` names it and
 * `hemvist demo remove` takes it out. The log says what was made; nothing here runs without demo data.
 */
import { and, asc, eq } from 'drizzle-orm'
import type { DatabaseHandle } from '../../db/client.ts'
import { proposals, vacancies } from '../../db/schema.ts'
import type { Logger } from '../logging.ts'
import { markDemo } from '../services/demo-data.ts'
import { roundSummaryRow } from '../services/rounds/store.ts'
import { createToken, revokeToken } from '../services/tokens.ts'
import { demoAllocator } from './obo-demo.ts'

/** Calls the API in-process: method POST, a bearer token, a JSON body. */
export type DemoRequest = (path: string, token: string, body: unknown) => Promise<Response>

export interface DemoPathway {
  /** The placement whose household took over its contract, if one was made. */
  takenOver: string | null
  /** The placement whose household is in its trial period, if one was made. */
  inTrial: string | null
}

/** A made-up child's perspective, as the ÖBO demo records it: considered, a reason code, never free text. */
const childPerspective = { considered: true, heard: 'not_old_enough', reason: 'stable_housing' } as const

/**
 * Approves, accepts and (for the first) takes over social-contract proposals of a solved round
 * until there is one of each, in the order the flats became free: the first is let from the day
 * its flat was free and taken over `today`, the second starts by the accept's own rule and keeps
 * its trial period. A proposal the rules refuse (a support decision, say) is skipped.
 *
 * @example
 * await showTenancyPathway({ database, roundId, request, today: '2026-12-02' })
 */
export async function showTenancyPathway(input: {
  database: DatabaseHandle
  roundId: string
  request: DemoRequest
  today: string
}): Promise<DemoPathway> {
  const { database, roundId, request, today } = input
  const candidates = database.db
    .select({ id: proposals.id, availableFrom: vacancies.availableFrom })
    .from(proposals)
    .innerJoin(vacancies, eq(vacancies.id, proposals.vacancyId))
    .where(
      and(
        eq(proposals.roundId, roundId),
        eq(proposals.status, 'pending'),
        eq(vacancies.type, 'social_contract'),
      ),
    )
    .orderBy(asc(vacancies.availableFrom), asc(proposals.id))
    .all()
  const token = createToken(database.db, {
    role: 'allocator',
    person: demoAllocator,
    label: 'demo: shows the tenancy pathway in the first round',
  })
  if (!token.ok) return { takenOver: null, inTrial: null }
  markDemo(database.db, 'api_token', [token.value.id])
  const call = async (path: string, body: unknown) => {
    const res = await request(path, token.value.token, body)
    return res.ok ? ((await res.json()) as Record<string, unknown>) : undefined
  }
  const made: DemoPathway = { takenOver: null, inTrial: null }
  try {
    for (const p of candidates) {
      if (made.takenOver !== null && made.inTrial !== null) break
      const decided = await call(`/v1/rounds/${roundId}/proposals/${p.id}/approve`, { childPerspective })
      const offer = decided?.offer as { id: string } | null | undefined
      if (offer == null) continue
      const first = made.takenOver === null
      // The household that takes over moved in the day its flat was free (never after today).
      const startDate = first && p.availableFrom <= today ? p.availableFrom : undefined
      const accepted = await call(
        `/v1/offers/${offer.id}/accept`,
        startDate === undefined ? {} : { startDate },
      )
      const placement = accepted?.placement as { id: string; startDate: string } | undefined
      if (placement === undefined) continue
      if (first && placement.startDate <= today) {
        const taken = await call(`/v1/placements/${placement.id}/take-over`, { on: today })
        if (taken !== undefined) {
          made.takenOver = placement.id
          continue
        }
      }
      if (made.inTrial === null) made.inTrial = placement.id
    }
  } finally {
    revokeToken(database.db, token.value.id)
  }
  return made
}

/**
 * Runs `showTenancyPathway` once the worker has solved the round (polled each second for up to
 * five minutes, in the background), and logs what it made.
 */
export function pathwayWhenSolved(
  database: DatabaseHandle,
  logger: Logger,
  roundId: string,
  request: DemoRequest,
): { close(): void } {
  const deadline = Date.now() + 5 * 60_000
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  const poll = async () => {
    if (stopped) return
    // The summary only: the stored snapshot and result (megabytes) are not read every second.
    const round = roundSummaryRow(database.db, roundId)
    if (round?.status !== 'proposed') {
      if (Date.now() < deadline && (round?.status === 'queued' || round?.status === 'solving'))
        timer = setTimeout(attempt, 1000)
      return
    }
    const made = await showTenancyPathway({
      database,
      roundId,
      request,
      today: new Date().toISOString().slice(0, 10),
    })
    logger.info({
      msg: 'demo: tenancy pathway shown (a contract taken over, a trial period running)',
      ...made,
    })
  }
  const attempt = () => {
    poll().catch((error: unknown) => {
      // The database was busy (the worker writing): try again shortly.
      logger.warn({ msg: 'demo: tenancy pathway postponed', err: error })
      if (!stopped && Date.now() < deadline) timer = setTimeout(attempt, 1000)
    })
  }
  timer = setTimeout(attempt, 1500)
  return {
    close() {
      stopped = true
      if (timer !== undefined) clearTimeout(timer)
    },
  }
}
