// Two suites: test/worker runs inside workerd (the Cloudflare vitest plugin, real
// D1/KV/Queues from miniflare); test/node runs Node-side code (scripts, emulators).
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// D1 starts empty in every test file; the worker project's setup file applies these.
const migrations = await readD1Migrations("./migrations");

// The Worker as the tests run it: wrangler.toml's bindings plus test values.
const workerPlugin = () =>
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
        PUBLIC_URL: "https://liqaa.test",
        TEST_MIGRATIONS: migrations,
        // How much the workerd model test plays (test/worker/integration/model-workerd.test.ts); unset: its default.
        MODEL_WORKERD_RUNS: process.env.MODEL_WORKERD_RUNS ?? "",
        MODEL_WORKERD_STEPS: process.env.MODEL_WORKERD_STEPS ?? "",
        MODEL_WORKERD_SEED: process.env.MODEL_WORKERD_SEED ?? "",
      },
    },
  });

// What every worker project shares: the Worker as above, D1 migrated per file,
// and the Sheets API emulator, the SES fake and the mail reader (mailparser in
// Node) started once per run (their addresses reach tests through
// inject("sheetsEmulator"), inject("sesFakeUrl") and inject("mailReaderUrl")).
const workerProject = (test: {
  name: string;
  include: string[];
  exclude?: string[];
  sequence?: { groupOrder: number };
  fileParallelism?: boolean;
}) => ({
  plugins: [workerPlugin()],
  test: {
    ...test,
    setupFiles: ["./test/worker/setup/apply-migrations.ts"],
    globalSetup: [
      "./test/node/setup/sheets-emulator.ts",
      "./test/node/setup/ses-fake.ts",
      "./test/node/setup/mail-reader.ts",
    ],
  },
});

export default defineConfig({
  test: {
    projects: [
      workerProject({
        name: "worker",
        include: ["test/worker/**/*.test.ts"],
        exclude: ["test/worker/integration/**", "test/worker/faults/**"],
      }),
      // The whole Worker end to end (cron, queue, admin) against its own Sheets
      // emulator and SES fake. groupOrder 1 runs it after the "worker" project, so
      // no other file injects faults into, or counts calls on, the same emulator.
      workerProject({
        name: "integration",
        include: ["test/worker/integration/**/*.test.ts"],
        sequence: { groupOrder: 1 },
        fileParallelism: false,
      }),
      // Fault injection: breaks Google, SES, D1 and the queue on purpose and
      // checks nothing was lost or repeated. Own project, one file at a time, after
      // "integration", for the same reason: its faults must touch no other file's emulator.
      workerProject({
        name: "faults",
        include: ["test/worker/faults/**/*.test.ts"],
        sequence: { groupOrder: 2 },
        fileParallelism: false,
      }),
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
