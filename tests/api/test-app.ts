import { Writable } from 'node:stream'
import { createApp } from '../../src/api/app.ts'
import { loadConfig } from '../../src/config.ts'
import { createLogger, type Logger } from '../../src/logging.ts'
import type { TestDatabase } from '../support/db.ts'

/** Collects every log line the app writes, so tests can read them. */
export function logCapture(): { logger: Logger; lines: () => string[]; text: () => string } {
  const chunks: string[] = []
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk))
      done()
    },
  })
  const logger = createLogger({ level: 'debug', destination: stream })
  const text = () => chunks.join('')
  return { logger, text, lines: () => text().split('\n').filter(Boolean) }
}

/** The app over a test database, configured by `env` (default: nothing but the database), with a captured log. */
export function testApp(t: TestDatabase, env: Record<string, string> = {}) {
  const config = loadConfig({ HEMVIST_DB: t.path, ...env })
  if (!config.ok) throw new Error('test configuration must be valid')
  const log = logCapture()
  const app = createApp({ db: t, config: config.value, logger: log.logger })
  return { app, log, config: config.value }
}
