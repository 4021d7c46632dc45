/**
 * Requests Node's HTTP parser refuses before the app sees them: a header block
 * over Node's limit (16 KB), a body longer than its Content-Length (the extra
 * bytes are read as the next request, which is not HTTP), a malformed request
 * line. Node would answer these with a bare `431` or `400` and no body; with a
 * `clientError` listener it leaves the answer to us, and we answer
 * problem+json like every other error, then close the connection.
 *
 * What stays outside: when the socket is already unwritable (the client went
 * away, a timeout after part of an answer was sent) nothing can be answered,
 * and the socket is destroyed.
 */
import { randomUUID } from 'node:crypto'
import type { Server } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Logger } from '../logging.ts'
import { problemContentType, problemTypes } from './problem.ts'

interface ClientErrorAnswer {
  status: number
  reason: string
  type: string
  title: string
  detail: string
}

/** The answer to a parser error (`error.code` is Node's `HPE_…` code), or undefined to just close. */
export function clientErrorAnswer(code: string | undefined): ClientErrorAnswer | undefined {
  if (code === 'ECONNRESET' || code === 'EPIPE') return undefined
  if (code === 'HPE_HEADER_OVERFLOW') {
    return {
      status: 431,
      reason: 'Request Header Fields Too Large',
      type: problemTypes.badRequest,
      title: 'Request header fields too large',
      detail: 'The request headers are larger than the server accepts (16 KB in all).',
    }
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return {
      status: 408,
      reason: 'Request Timeout',
      type: problemTypes.badRequest,
      title: 'Request timeout',
      detail: 'The request did not arrive in time.',
    }
  }
  return {
    status: 400,
    reason: 'Bad Request',
    type: problemTypes.badRequest,
    title: 'Bad request',
    detail:
      'The request is not valid HTTP (for example a body longer than its Content-Length, or a malformed header).',
  }
}

/**
 * Answers the HTTP parser's refusals on `server` as problem+json.
 *
 * @example
 * answerClientErrors(server, logger)
 */
export function answerClientErrors(server: Server, logger: Logger): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const answer = clientErrorAnswer(error.code)
    const requestId = randomUUID()
    logger.warn({ msg: 'request refused by the HTTP parser', requestId, code: error.code ?? null })
    if (answer === undefined || !socket.writable) {
      socket.destroy()
      return
    }
    const body = JSON.stringify({
      type: answer.type,
      title: answer.title,
      status: answer.status,
      detail: answer.detail,
      instance: requestId,
    })
    socket.end(
      `HTTP/1.1 ${answer.status} ${answer.reason}\r\n` +
        `Content-Type: ${problemContentType}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Request-Id: ${requestId}\r\n` +
        'Cache-Control: no-store\r\n' +
        'Connection: close\r\n\r\n' +
        body,
    )
  })
}
