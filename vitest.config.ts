// Two suites: test/worker runs inside workerd (the Cloudflare vitest plugin, real
// D1/KV/Queues from miniflare); test/node runs Node-side code (scripts, emulators).
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// D1 starts empty in every test file; the worker project's setup file applies these.
const migrations = await readD1Migrations("./migrations");

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                SHEET_ID: "test-sheet",
                GOOGLE_TOKEN_URL: "http://127.0.0.1:9/token",
                SHEETS_API_URL: "http://127.0.0.1:9",
                GOOGLE_SERVICE_ACCOUNT_KEY: "{}",
                SES_ACCESS_KEY_ID: "test-access-key",
                SES_SECRET_ACCESS_KEY: "test-secret-key",
                ADMIN_TOKEN: "test-admin-token-0123456789",
                SIGNING_SECRET: "test-signing-secret-0123456789abcdef",
                TEST_MIGRATIONS: migrations,
              },
            },
          }),
        ],
        test: {
          name: "worker",
          include: ["test/worker/**/*.test.ts"],
          setupFiles: ["./test/worker/setup/apply-migrations.ts"],
          // Starts the Sheets API emulator on 127.0.0.1 (a copy of demo-sheet/) and
          // provides its address and key; tests read them with inject("sheetsEmulator").
          globalSetup: ["./test/node/setup/sheets-emulator.ts"],
        },
      },
      {
        test: {
          name: "node",
          environment: "node",
          include: ["test/node/**/*.test.ts"],
        },
      },
    ],
  },
});
