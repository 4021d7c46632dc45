import { describe, expect, it } from 'vitest'
import { jobQueued, onJobQueued } from '../../src/services/job-signal.ts'

describe('the job-queued hint', () => {
  it('reaches every listener after the current task (the transaction that queued the job has committed), and not after it is turned off', async () => {
    const heard: string[] = []
    const offA = onJobQueued(() => heard.push('a'))
    const offB = onJobQueued(() => heard.push('b'))
    jobQueued()
    expect(heard).toEqual([])
    await new Promise((r) => setImmediate(r))
    expect(heard).toEqual(['a', 'b'])
    offA()
    jobQueued()
    await new Promise((r) => setImmediate(r))
    expect(heard).toEqual(['a', 'b', 'b'])
    offB()
    jobQueued()
    await new Promise((r) => setImmediate(r))
    expect(heard).toEqual(['a', 'b', 'b'])
  })
})
