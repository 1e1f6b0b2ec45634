// Builds the services one invocation needs from the checked env: the Sheets
// client, the mail sender, and the sync's dependencies. Nothing here is kept
// between invocations (workerd forbids sharing I/O objects across requests).
import { ConfigError, type Env, parseEnv, type RawEnv } from "../src/env.ts";
import { sheetsClientFromSecret } from "../src/google/sheets-client.ts";
import { isolatePacing, realSleep, senderFromEnv } from "../src/ses/index.ts";
import type { SyncDeps } from "../src/sync/run.ts";

/** The checked env, or a ConfigError that names every problem: loud, never a silent no-op. */
export function requireEnv(raw: RawEnv): Env {
  const parsed = parseEnv(raw);
  if (!parsed.ok) throw new ConfigError(parsed.problems);
  return parsed.env;
}

export function syncDeps(env: Env): SyncDeps {
  const sheets = sheetsClientFromSecret(env.GOOGLE_SERVICE_ACCOUNT_KEY, {
    sheetId: env.SHEET_ID,
    tokenUrl: env.GOOGLE_TOKEN_URL,
    apiUrl: env.SHEETS_API_URL,
    now: Date.now,
    sleep: realSleep,
    random: Math.random,
    timeoutMs: Number(env.GOOGLE_TIMEOUT_MS),
  });
  if (!sheets.ok) throw new ConfigError([sheets.error.message.en]);
  return {
    db: env.DB,
    feed: env.FEED,
    queue: env.MAIL_QUEUE,
    sheets: sheets.value,
    sheetId: env.SHEET_ID,
    signingSecret: env.SIGNING_SECRET,
    publicUrl: env.PUBLIC_URL ? env.PUBLIC_URL : null,
    repliesAddress: env.REPLIES_ADDRESS ? env.REPLIES_ADDRESS : null,
    // Staff open the real spreadsheet from the digest; an emulator's has no page to open.
    sheetUrl: /^https:\/\/sheets\.googleapis\.com\/?$/.test(env.SHEETS_API_URL)
      ? `https://docs.google.com/spreadsheets/d/${encodeURIComponent(env.SHEET_ID)}/edit`
      : null,
    dryRun: env.DRY_RUN === "true",
    now: () => new Date(),
    newId: () => crypto.randomUUID(),
  };
}

export function mailSender(env: Env) {
  // One pacing memory per isolate: the consumer builds a sender per batch.
  return senderFromEnv(env, {
    now: Date.now,
    pacing: isolatePacing,
    timeoutMs: Number(env.SES_TIMEOUT_MS),
  });
}
