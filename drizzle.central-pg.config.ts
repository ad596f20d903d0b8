// The central store on PostgreSQL (db/central-pg/schema.ts): `npm run db:generate` runs both configs.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './db/central-pg/schema.ts',
  out: './db/central-pg/migrations',
});
