import { isBusy, isStorageFailure, sqliteErrorCode } from '../../db/errors.ts'

/**
 * The command line's sentence for a write the database refused as a whole (its transaction rolled
 * back), or undefined for any other error: `undone` says what did not happen ("nothing was culled").
 *
 * @example
 * const refused = writeRefused(error, 'nothing was removed')
 * if (refused === undefined) throw error
 * io.stderr.write(refused)
 */
export function writeRefused(error: unknown, undone: string): string | undefined {
  if (isBusy(error))
    return `hemvist: the database is locked by another process past the wait; ${undone}: try again when it is free\n`
  if (isStorageFailure(error))
    return `hemvist: the database could not be written (${sqliteErrorCode(error)}, e.g. a full disk); ${undone}\n`
  return undefined
}
