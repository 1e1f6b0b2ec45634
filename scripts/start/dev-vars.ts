// The local configuration of the Worker under `npm start`: every var and secret
// src/env.ts checks, pointed at the Sheets emulator and the local SES stand-in
// (which hands each email on to the local inbox). The secrets are random, made
// once and kept in <state>/liqaa-local-secrets.json (git ignores .wrangler/), so
// RSVP links signed before a restart still verify; the whole set is written as
// a dotenv file that `wrangler dev --env-file` reads.
import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

export interface LocalSecrets {
  ADMIN_TOKEN: string;
  SIGNING_SECRET: string;
  SES_ACCESS_KEY_ID: string;
  SES_SECRET_ACCESS_KEY: string;
}

export interface LocalEndpoints {
  workerPort: number;
  /** The local SES stand-in, which accepts the SES_* key pair of these secrets. */
  sesUrl: string;
  sheetsUrl: string;
  tokenUrl: string;
  spreadsheetId: string;
  /** The emulator's trusted service-account key, as JSON. */
  serviceAccountKey: string;
}

const secretsFile = (stateDir: string) => join(stateDir, "liqaa-local-secrets.json");
export const envFile = (stateDir: string) => join(stateDir, "liqaa-start.env");

const random = (bytes: number) => randomBytes(bytes).toString("base64url");

/** The secrets kept from an earlier start, or new ones (written before they are used). */
export async function loadOrCreateSecrets(stateDir: string): Promise<LocalSecrets> {
  try {
    const kept = JSON.parse(await readFile(secretsFile(stateDir), "utf8")) as Partial<LocalSecrets>;
    if (
      typeof kept.ADMIN_TOKEN === "string" &&
      typeof kept.SIGNING_SECRET === "string" &&
      typeof kept.SES_ACCESS_KEY_ID === "string" &&
      typeof kept.SES_SECRET_ACCESS_KEY === "string"
    ) {
      return kept as LocalSecrets;
    }
  } catch {
    // First start, or an unreadable file: new secrets below.
  }
  const secrets: LocalSecrets = {
    ADMIN_TOKEN: random(24),
    SIGNING_SECRET: random(32),
    // The local SES stand-in is started with this pair and checks every
    // signature with it, as SES checks an IAM user's keys.
    SES_ACCESS_KEY_ID: "LOCALINBOX",
    SES_SECRET_ACCESS_KEY: random(24),
  };
  await writeFile(secretsFile(stateDir), `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}

/** Every var and secret of src/env.ts for the local run. */
export function localVars(secrets: LocalSecrets, at: LocalEndpoints): Record<string, string> {
  return {
    SHEET_ID: at.spreadsheetId,
    GOOGLE_TOKEN_URL: at.tokenUrl,
    SHEETS_API_URL: at.sheetsUrl,
    GOOGLE_SERVICE_ACCOUNT_KEY: at.serviceAccountKey,
    SES_REGION: "eu-central-1",
    SES_ENDPOINT: at.sesUrl,
    // The inbox takes mail as fast as it comes; a person waits for the demo's invitations.
    SES_MAX_SEND_RATE: "20",
    PUBLIC_URL: `http://127.0.0.1:${at.workerPort}`,
    DRY_RUN: "false",
    // The demo sheet's sender is liqaa@example.org: invitations name this address
    // as ORGANIZER, and `npm run reply` answers them through the email() handler.
    REPLIES_ADDRESS: "replies@example.org",
    ...secrets,
  };
}

/**
 * A dotenv file: single-quoted values are taken literally by dotenv (no `\n`
 * expansion), which keeps the key's JSON, with its escaped PEM line breaks, intact.
 */
export function toDotenv(vars: Record<string, string>): string {
  const lines = Object.entries(vars).map(([name, value]) => {
    if (value.includes("'") || /[\r\n]/.test(value)) {
      throw new Error(`${name} cannot be written to a dotenv file: it holds a quote or a new line`);
    }
    return `${name}='${value}'`;
  });
  return `# Written by npm start for wrangler dev; regenerated on every start.\n${lines.join("\n")}\n`;
}

export async function writeEnvFile(
  stateDir: string,
  vars: Record<string, string>,
): Promise<string> {
  const path = envFile(stateDir);
  await writeFile(path, toDotenv(vars), { mode: 0o600 });
  return path;
}
