/**
 * A household's members as they are stored: each personnummer a write sends is turned into its
 * keyed pseudonym the moment it arrives (`src/domain/pseudonym.ts`) and is never kept, and a
 * person may be in one household that still seeks housing at a time.
 */
import type { Executor } from '../../../db/client.ts'
import { householdsWithPersons } from '../../../db/repo/applicants.ts'
import type { Member } from '../../domain/applicant.ts'
import { parsePersonnummer, pseudonymise } from '../../domain/pseudonym.ts'
import { err, ok } from '../../domain/validation.ts'
import { appendAudit } from '../audit.ts'
import { invalid, nowOf, type ServiceContext, type ServiceResult } from '../context.ts'
import { mayAccessCaseload } from './scope.ts'

/** A member as a write sends it: the number in clear, or none. */
export interface MemberWrite extends Omit<Member, 'pnrPseudonym'> {
  personnummer?: string | undefined
}

/** A stored member is the same person as a sent one when role, year and month of birth and gender agree. */
const samePerson = (a: Omit<Member, 'pnrPseudonym'>, b: Omit<Member, 'pnrPseudonym'>) =>
  a.role === b.role && a.birthYear === b.birthYear && a.birthMonth === b.birthMonth && a.gender === b.gender

/**
 * The members to store: pseudonyms in place of the numbers. A member sent without a personnummer
 * keeps the pseudonym of the stored member who is plainly the same person (the one stored member
 * with the same role, year and month of birth and gender), so a client that changes something else
 * of the household never has to send the number again, and never sends or chooses a pseudonym.
 * Without a configured key (`HEMVIST_PNR_KEY`) no personnummer is taken (422).
 */
export function storedMembers(
  ctx: ServiceContext,
  members: readonly MemberWrite[] | undefined,
  stored: readonly Member[],
): ServiceResult<Member[] | undefined> {
  if (members === undefined) return ok(undefined)
  const today = nowOf(ctx)
  const out: Member[] = []
  for (const [i, m] of members.entries()) {
    const { personnummer, ...person } = m
    if (personnummer === undefined) {
      const same = stored.filter((s) => samePerson(s, person))
      const kept = same.length === 1 ? same[0]?.pnrPseudonym : undefined
      out.push(kept === undefined ? person : { ...person, pnrPseudonym: kept })
      continue
    }
    if (ctx.pnrKey === undefined) {
      return invalid(
        [
          {
            path: `household.members[${i}].personnummer`,
            message: 'cannot be taken: this server has no key for pseudonyms (HEMVIST_PNR_KEY is not set)',
          },
        ],
        'A personnummer is stored only as a keyed pseudonym, and this server has no key.',
      )
    }
    const parsed = parsePersonnummer(personnummer, today)
    // The schema checked the number on the day it was parsed; a day later it can only be older.
    if (!parsed.ok) return invalid([{ path: `household.members[${i}].personnummer`, message: parsed.error }])
    out.push({ ...person, pnrPseudonym: pseudonymise(parsed.value, ctx.pnrKey) })
  }
  return ok(out)
}

/**
 * Refuses a second household that still seeks housing with the same person (409). The answer names
 * the existing household's id only to a caller who may see it; to another it says that one exists in
 * a caseload it cannot see. Either way the finding is audited (`applicant.duplicate_person`, on the
 * existing household), so who learned of it is on record.
 */
export function refuseDuplicatePersons(
  tx: Executor,
  ctx: ServiceContext,
  members: readonly Member[] | undefined,
  selfId: string | undefined,
): ServiceResult<void> {
  const pseudonyms = (members ?? []).flatMap((m) => (m.pnrPseudonym === undefined ? [] : [m.pnrPseudonym]))
  const others = householdsWithPersons(tx, pseudonyms, selfId)
  const first = others[0]
  if (first === undefined) return ok(undefined)
  appendAudit(tx, {
    principal: ctx.principal,
    action: 'applicant.duplicate_person',
    objectType: 'applicant',
    objectId: first.id,
    requestId: ctx.requestId,
  })
  const visible = mayAccessCaseload(ctx.principal, first.caseload)
  return err({
    code: 'CONFLICT',
    detail: visible
      ? `A member of this household is already a member of household ${first.id}, which still seeks housing: change that household, or withdraw it first.`
      : 'A member of this household is already a member of another household that still seeks housing, in a caseload you cannot see: ask allocation staff.',
    issues: [{ path: 'household.members', message: 'names a person already in another active household' }],
  })
}
