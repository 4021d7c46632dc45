/**
 * Dates a person can have meant. The schemas accept any calendar date
 * (`0001-01-01`, `9999-12-31`); a write is further held to a plausible range
 * around the day it is made, and to "not in the future" where the date says
 * something has already happened. Stored records are not re-judged as time
 * passes: these checks run on what a write sends, not on what is read back.
 */
import type { ApplicantInput } from './applicant.ts'
import { addDays } from './dates.ts'
import type { FieldIssue } from './validation.ts'

/** The oldest date any field may hold: older records are not this system's to keep. */
const earliest = '1950-01-01'

const years = (today: string, n: number): string => {
  const [y, rest] = [Number(today.slice(0, 4)), today.slice(4)]
  const date = `${String(y + n).padStart(4, '0')}${rest}`
  // 29 February plus whole years may not exist: the day before 1 March does.
  return rest === '-02-29' ? addDays(`${String(y + n).padStart(4, '0')}-03-01`, -1) : date
}

function between(
  issues: FieldIssue[],
  path: string,
  value: string | undefined,
  from: string,
  to: string,
  why: string,
): void {
  if (value === undefined) return
  if (value < from) issues.push({ path, message: `must be ${from} or later (${why})` })
  else if (value > to) issues.push({ path, message: `must be ${to} or earlier (${why})` })
}

type DatedApplicant = Partial<
  Pick<ApplicantInput, 'situation' | 'prevention' | 'urgency' | 'household' | 'monitoring'>
>

/**
 * Issues for the applicant dates of a write made on `today` (YYYY-MM-DD), for
 * the top-level fields given:
 * - `situation.since`: 1950-01-01 to today (it has begun);
 * - `urgency.evictionDate`: within five years before or two years after today;
 * - `urgency.releaseDate`: within five years before or ten years after today;
 * - a child's birth: not after this month, at most 25 years ago;
 * - `monitoring.birthYear`: from 120 years ago to 15 years ago (a main applicant).
 *
 * @example
 * applicantDateIssues({ situation: { code: 'acute', kind: 'shelter', since: '9999-12-31' } }, '2026-12-02')
 * // [{ path: 'situation.since', message: 'must be 2026-12-02 or earlier (not in the future)' }]
 */
export function applicantDateIssues(a: DatedApplicant, today: string): FieldIssue[] {
  const issues: FieldIssue[] = []
  const year = Number(today.slice(0, 4))
  const month = Number(today.slice(5, 7))
  between(issues, 'situation.since', a.situation?.since, earliest, today, 'not in the future')
  // A prevention case's dates record what has happened: none is in the future.
  const p = a.prevention
  between(issues, 'prevention.since', p?.since, earliest, today, 'not in the future')
  between(issues, 'prevention.outcome.on', p?.outcome?.on, earliest, today, 'not in the future')
  between(
    issues,
    'prevention.signals.landlordNotice.receivedOn',
    p?.signals.landlordNotice?.receivedOn,
    earliest,
    today,
    'not in the future',
  )
  between(
    issues,
    'prevention.signals.evictionApplication.filedOn',
    p?.signals.evictionApplication?.filedOn,
    earliest,
    today,
    'not in the future',
  )
  between(
    issues,
    'urgency.evictionDate',
    a.urgency?.evictionDate,
    years(today, -5),
    years(today, 2),
    'an eviction decided within five years before or two years after today',
  )
  between(
    issues,
    'urgency.releaseDate',
    a.urgency?.releaseDate,
    years(today, -5),
    years(today, 10),
    'a release within five years before or ten years after today',
  )
  a.household?.children.forEach((child, i) => {
    const path = `household.children[${i}].birthYear`
    if (child.birthYear > year || (child.birthYear === year && child.birthMonth > month)) {
      issues.push({ path, message: 'must not be in the future (a child not yet born is not counted)' })
    } else if (child.birthYear < year - 25) {
      issues.push({ path, message: `must be ${year - 25} or later (a child in the household)` })
    }
  })
  const born = a.monitoring?.birthYear
  if (born !== undefined && (born < year - 120 || born > year - 15)) {
    issues.push({
      path: 'monitoring.birthYear',
      message: `must be from ${year - 120} to ${year - 15} (the main applicant's year of birth)`,
    })
  }
  return issues
}

/**
 * Issues for a vacancy's `availableFrom` in a write made on `today`: within five years before or
 * after today.
 */
export function vacancyDateIssues(v: { availableFrom?: string | undefined }, today: string): FieldIssue[] {
  const issues: FieldIssue[] = []
  between(
    issues,
    'availableFrom',
    v.availableFrom,
    years(today, -5),
    years(today, 5),
    'within five years of today',
  )
  return issues
}

/**
 * Attaches a date rule to a zod schema as custom issues (the kind the OpenAPI document states in
 * words as `x-rules`), judged on the day the value is parsed. `issuesOf` is one of the functions
 * above; `today` is read when the value is parsed, so a long-running server judges each write on
 * its own day.
 *
 * @example
 * const schema = applicantFields.superRefine(checkedOnParseDay(applicantDateIssues, () => '2026-12-02'))
 */
export function checkedOnParseDay<T>(
  issuesOf: (value: T, today: string) => FieldIssue[],
  today: () => string = () => new Date().toISOString().slice(0, 10),
): (
  value: T,
  ctx: { addIssue: (issue: { code: 'custom'; path: (string | number)[]; message: string }) => void },
) => void {
  return (value, ctx) => {
    for (const issue of issuesOf(value, today())) {
      ctx.addIssue({ code: 'custom', path: pathSegments(issue.path), message: issue.message })
    }
  }
}

/**
 * A rule of a whole record as custom issues (the kind the API document states as `x-rules`),
 * independent of the day.
 *
 * @example
 * const schema = applicantSchema.superRefine(checkedAlways(householdRecordIssues))
 */
export function checkedAlways<T>(
  issuesOf: (value: T) => FieldIssue[],
): (
  value: T,
  ctx: { addIssue: (issue: { code: 'custom'; path: (string | number)[]; message: string }) => void },
) => void {
  return checkedOnParseDay((value: T) => issuesOf(value))
}

/** `household.children[0].birthYear` → `['household', 'children', 0, 'birthYear']`. */
function pathSegments(path: string): (string | number)[] {
  return path.split(/\.|(?=\[)/).map((part) => (part.startsWith('[') ? Number(part.slice(1, -1)) : part))
}
