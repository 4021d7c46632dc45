import { defineConfig } from 'drizzle-kit'

// `npm run db:generate` writes SQL migrations from db/schema.ts into db/migrations;
// they are committed and applied at start-up by db/migrate.ts.
export default defineConfig({
  dialect: 'sqlite',
  schema: './db/schema.ts',
  out: './db/migrations',
})
