export { type AppDeps, type AppEnv, createApp, maxBodyBytes } from './app.ts'
export {
  HttpProblem,
  type ProblemDetails,
  type ProblemInit,
  problemContentType,
  problemResponse,
  problemTypes,
  validationProblem,
} from './problem.ts'
