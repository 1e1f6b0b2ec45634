// Vitest setup for the worker project: applies migrations/ to the test D1 before
// each test file. The plugin gives every file its own storage, and re-applying
// is a no-op because applyD1Migrations records what it ran.
import { applyD1Migrations, type D1Migration, env } from "cloudflare:test";

// TEST_MIGRATIONS is a test-only binding set in vitest.config.ts, not in wrangler.toml.
const testEnv = env as unknown as { DB: D1Database; TEST_MIGRATIONS: D1Migration[] };

await applyD1Migrations(testEnv.DB, testEnv.TEST_MIGRATIONS);
