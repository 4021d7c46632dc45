/**
 * A fake ÖBO, for tests, the demo of `npm start` and `hemvist obo mock`: it
 * receives nominations (checking their signature, keeping each delivery id
 * once, as a real receiver must) and answers each with an outcome, signed,
 * posted back to hemvist's outcome webhook after a short delay. What it
 * answers is chosen per nomination by `decide` (default: the contract is
 * signed).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Nomination } from './nomination.ts'
import { signedHeaders, verifySignature } from './signature.ts'
import type { OutcomeKind } from './vocabulary.ts'

export interface MockOboOptions {
  /** The key nominations are signed with (hemvist's nomination secret). */
  nominationKey: Buffer
  /**
   * Where to post outcomes (hemvist's `/v1/integrations/obo/outcomes`), or a function giving it
   * once known (hemvist's port may be chosen after the mock starts); none: no outcomes are sent.
   */
  outcomeUrl?: string | (() => string | undefined)
  /** The key outcomes are signed with (hemvist's outcome secret). */
  outcomeKey?: Buffer
  /** The answer to a nomination; default `contract_signed`. */
  decide?: (nomination: Nomination) => OutcomeKind
  /** How long after a nomination its outcome is sent; default 1 s. */
  answerAfterMs?: number
  /** Called for every arrival (tests hold or drop the answer here); default: answer 204 at once. */
  onArrival?: (arrival: Arrival, answer: (status: number) => void) => void
  port?: number
  host?: string
  log?: (line: string) => void
}

export interface Arrival {
  deliveryId: string
  body: string
  /** How often this delivery id has arrived, this one included. */
  count: number
}

export interface MockObo {
  readonly url: string
  /** Every arrival, in order (a retried delivery appears again with the same id). */
  readonly arrivals: Arrival[]
  /** The distinct nominations received: one per delivery id. */
  readonly nominations: Map<string, Nomination>
  /** Outcomes sent back, with hemvist's answer status. */
  readonly outcomes: { nominationId: string; outcome: OutcomeKind; status: number }[]
  close(): Promise<void>
}

const maxBody = 256 * 1024

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > maxBody) {
        resolve(undefined)
        req.destroy()
      } else chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', () => resolve(undefined))
  })
}

/** The nomination in a delivery's body, if it is one (a test may send anything). */
function nominationIn(body: string): Nomination | undefined {
  try {
    const value = JSON.parse(body) as Partial<Nomination>
    return value.type === 'nomination.created' && typeof value.data?.nominationId === 'string'
      ? (value as Nomination)
      : undefined
  } catch {
    return undefined
  }
}

/**
 * @example
 * const obo = await startMockObo({ nominationKey, outcomeUrl: 'http://127.0.0.1:3000/v1/integrations/obo/outcomes', outcomeKey })
 * // HEMVIST_OBO_WEBHOOK_URL=obo.url
 */
export function startMockObo(options: MockOboOptions): Promise<MockObo> {
  const arrivals: Arrival[] = []
  const nominations = new Map<string, Nomination>()
  const outcomes: MockObo['outcomes'] = []
  const timers = new Set<NodeJS.Timeout>()
  const log = options.log ?? (() => undefined)

  async function sendOutcome(nomination: Nomination): Promise<void> {
    const outcomeUrl = typeof options.outcomeUrl === 'function' ? options.outcomeUrl() : options.outcomeUrl
    if (outcomeUrl === undefined || options.outcomeKey === undefined) return
    const outcome = options.decide?.(nomination) ?? 'contract_signed'
    const body = JSON.stringify({
      type: 'nomination.outcome',
      timestamp: new Date().toISOString(),
      data: {
        nominationId: nomination.data.nominationId,
        outcome,
        ...(outcome === 'declined' ? { reason: 'landlord_refused' } : {}),
      },
    })
    const id = `obo_${nomination.data.nominationId}`
    try {
      const res = await fetch(outcomeUrl, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'Content-Type': 'application/json',
          ...signedHeaders(options.outcomeKey, id, Math.floor(Date.now() / 1000), body),
        },
        body,
        signal: AbortSignal.timeout(10_000),
      })
      await res.body?.cancel()
      outcomes.push({ nominationId: nomination.data.nominationId, outcome, status: res.status })
      log(
        `ÖBO (mock): outcome ${outcome} for nomination ${nomination.data.nominationId} → HTTP ${res.status}`,
      )
    } catch {
      log(`ÖBO (mock): could not send the outcome for nomination ${nomination.data.nominationId}`)
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const answer = (status: number) => {
      if (!res.headersSent) res.writeHead(status).end()
    }
    if (req.method !== 'POST' || req.url !== '/nominations') return answer(404)
    const body = await readBody(req)
    if (body === undefined) return answer(413)
    const h = (name: string) => {
      const v = req.headers[name]
      return Array.isArray(v) ? v[0] : v
    }
    const verified = verifySignature(
      options.nominationKey,
      { id: h('webhook-id'), timestamp: h('webhook-timestamp'), signature: h('webhook-signature') },
      body,
      Date.now(),
    )
    if (!verified.ok) {
      log(`ÖBO (mock): refused a delivery (${verified.error})`)
      return answer(401)
    }
    const id = verified.value
    const arrival: Arrival = {
      deliveryId: id,
      body,
      count: arrivals.filter((a) => a.deliveryId === id).length + 1,
    }
    arrivals.push(arrival)
    const nomination = nominationIn(body)
    if (nomination !== undefined && !nominations.has(id)) {
      nominations.set(id, nomination)
      log(
        `ÖBO (mock): nomination ${nomination.data.nominationId} for flat ${nomination.data.objectNo}, ${nomination.data.householdSize.persons} ${nomination.data.householdSize.persons === 1 ? 'person' : 'persons'}, answer by ${nomination.data.answerBy}`,
      )
      const timer = setTimeout(() => {
        timers.delete(timer)
        void sendOutcome(nomination)
      }, options.answerAfterMs ?? 1000)
      timers.add(timer)
    }
    if (options.onArrival) options.onArrival(arrival, answer)
    else answer(204)
  }

  const server: Server = createServer((req, res) => {
    void handle(req, res)
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      resolve({
        url: `http://${options.host ?? '127.0.0.1'}:${port}/nominations`,
        arrivals,
        nominations,
        outcomes,
        close: () =>
          new Promise<void>((done) => {
            for (const t of timers) clearTimeout(t)
            server.closeAllConnections()
            server.close(() => done())
          }),
      })
    })
  })
}
