/**
 * Writes docs/policy.md from the default policy. Run after changing the policy:
 *   node --import tsx docs/generate-policy-doc.ts
 * A test fails when the committed file differs from the fresh rendering.
 */
import { writeFileSync } from 'node:fs'
import { defaultPolicy } from '../src/domain/policy.ts'
import { renderPublishedPolicy } from '../src/domain/policy-document.ts'

writeFileSync(new URL('./policy.md', import.meta.url), renderPublishedPolicy(defaultPolicy))
