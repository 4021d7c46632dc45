/**
 * Tokens for API tests: a real token in the test database for each role, and
 * the header that presents it.
 *
 * @example
 * const caseworker = tokenFor(t, 'caseworker', ['vaster-1'])
 * await app.request('/v1/applicants/a-1', { headers: caseworker.headers })
 */
import type { DatabaseHandle } from '../../db/client.ts'
import type { Principal, Role } from '../../src/domain/roles.ts'
import { createToken } from '../../src/services/tokens.ts'

export interface TestToken {
  id: string
  token: string
  principal: Principal
  headers: { Authorization: string }
}

/**
 * Creates a token; a caseworker gets `['caseload-1']` unless caseloads are given. Every role but obo
 * names a person (`Test <role>` unless given).
 */
export function tokenFor(
  t: DatabaseHandle,
  role: Role,
  caseloads?: readonly string[],
  person: string = `Test ${role}`,
): TestToken {
  const loads = role === 'caseworker' ? [...(caseloads ?? ['caseload-1'])] : []
  const r = createToken(t.db, {
    role,
    caseloads: loads,
    label: `test ${role}`,
    ...(role === 'obo' ? {} : { person }),
  })
  if (!r.ok) throw new Error(`tokenFor: ${r.error.map((i) => `${i.path}: ${i.message}`).join('; ')}`)
  return {
    id: r.value.id,
    token: r.value.token,
    principal: {
      tokenId: r.value.id,
      role,
      caseloads: [...loads].sort(),
      ...(role === 'obo' ? {} : { person }),
    },
    headers: { Authorization: `Bearer ${r.value.token}` },
  }
}
