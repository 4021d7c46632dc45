import { z } from 'zod'

/** The problem+json body, strictly: a response with any other field fails the parse. */
export const problemSchema = z.strictObject({
  type: z.string().startsWith('urn:hemvist:problem:'),
  title: z.string().min(1),
  status: z.number().int().min(400).max(599),
  detail: z.string().min(1),
  instance: z.string().min(1),
  errors: z.array(z.strictObject({ path: z.string(), message: z.string() })).optional(),
})

/** Parses a problem response, checking the media type and that the body's status matches the response's. */
export async function readProblem(res: Response) {
  if (res.headers.get('content-type') !== 'application/problem+json') {
    throw new Error(`expected application/problem+json, got ${res.headers.get('content-type')}`)
  }
  const body = problemSchema.parse(await res.json())
  if (body.status !== res.status)
    throw new Error(`body status ${body.status} ≠ response status ${res.status}`)
  return body
}
