export {
  newId,
  type ServiceCall,
  type ServiceContext,
  type ServiceError,
  type ServiceResult,
} from '../context.ts'
export {
  type ApplicantStats,
  applicantStats,
  type Cell,
  suppress,
  suppressionThreshold,
} from './applicant-stats.ts'
export { createApplicant } from './create-applicant.ts'
export { decodeCursor, encodeCursor } from './cursor.ts'
export { getApplicant } from './get-applicant.ts'
export { type ApplicantPage, type ApplicantSummary, listApplicants } from './list-applicants.ts'
export { type ReopenApplicantInput, reopenApplicant } from './reopen-applicant.ts'
export * from './schemas.ts'
export { caseloadScope, mayAccessApplicant, mayAccessCaseload, maySeeProtectedDetails } from './scope.ts'
export { situationHistory } from './situation-history.ts'
export { type UpdateApplicantInput, updateApplicant } from './update-applicant.ts'
export { type WithdrawApplicantInput, withdrawApplicant } from './withdraw-applicant.ts'
