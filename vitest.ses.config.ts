// The SES suites with the SES fake's globalSetup wired in, for running them
// before vitest.config.ts has it: `npx vitest run -c vitest.ses.config.ts`.
// Delete once vitest.config.ts provides sesFakeUrl.
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["test/node/setup/ses-fake.ts"],
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
              },
            },
          }),
        ],
        test: {
          name: "worker-ses",
          // *.needs-setup.ts: worker tests that need the globalSetup above; the main config skips them until wired.
          include: ["test/worker/ses/**/*.{test,needs-setup}.ts"],
        },
      },
      {
        test: { name: "node-ses", environment: "node", include: ["test/node/ses/**/*.test.ts"] },
      },
    ],
  },
});
