/**
 * Age bands for follow-up and equality monitoring. Only the main applicant's year of birth is
 * recorded (`monitoring.birthYear`, optional), so an age is the year of the day asked about minus
 * the year of birth: at most one year off, the same for everyone, and never a person's birthday.
 */
export const ageBands = ['18–24', '25–34', '35–44', '45–54', '55–64', '65+', 'unknown'] as const
export type AgeBand = (typeof ageBands)[number]

/**
 * The age band of a main applicant born in `birthYear`, on the day `on` (YYYY-MM-DD).
 * Younger than 18 counts as 18–24 (a young adult household); no year of birth is `unknown`.
 *
 * @example
 * ageBand(1990, '2026-12-02') // '35–44'
 * ageBand(undefined, '2026-12-02') // 'unknown'
 */
export function ageBand(birthYear: number | undefined, on: string): AgeBand {
  if (birthYear === undefined) return 'unknown'
  const age = Number(on.slice(0, 4)) - birthYear
  if (age < 25) return '18–24'
  if (age < 35) return '25–34'
  if (age < 45) return '35–44'
  if (age < 55) return '45–54'
  if (age < 65) return '55–64'
  return '65+'
}
