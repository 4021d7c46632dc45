#!/usr/bin/env node
// Builds the command line into one file, dist/cli.mjs, so that `npx hemvist …` starts in a fraction
// of the time TypeScript loading at run time takes (bench/cli-startup.ts measures both). Run by
// `npm run build`, and by npm itself after `npm ci` / `npm install` (the `prepare` script).
//
// What the bundle leaves out and loads from node_modules: better-sqlite3 (a native addon), pino
// (its transports start worker threads by file name) and javascript-lp-solver (CommonJS with
// dynamic requires). The database migrations are copied beside the bundle, where the bundled
// `db/client.ts` looks for them (`./migrations`, relative to the file that holds it).
//
// bin/hemvist.js uses the bundle only while it is newer than every source file, so an edited
// checkout never runs stale code: it runs the sources through tsx instead, as before.
import { cpSync, mkdirSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))
// `node bin/build.js [folder]`: dist/ by default; the tests build into a folder of their own.
const dist = process.argv[2] ?? `${root}dist`

rmSync(dist, { recursive: true, force: true })
mkdirSync(dist, { recursive: true })
cpSync(`${root}db/migrations`, `${dist}/migrations`, { recursive: true })
await build({
  entryPoints: [`${root}src/main/cli.ts`],
  outfile: `${dist}/cli.mjs`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3', 'pino', 'javascript-lp-solver'],
  // CommonJS inside an ES module bundle still needs a `require` for Node's own modules.
  banner: {
    js: "import { createRequire as __hemvistRequire } from 'node:module'; const require = __hemvistRequire(import.meta.url);",
  },
  logLevel: 'warning',
  legalComments: 'none',
})
