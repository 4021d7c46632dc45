export {
  getActivePolicy,
  getPolicy,
  listPolicies,
  type PolicyRecord,
  type PolicySummary,
  policyDocument,
} from './read-policies.ts'
export * from './schemas.ts'
export { activatePolicy, createPolicyVersion } from './write-policies.ts'
