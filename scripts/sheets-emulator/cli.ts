// `npm run sheets-emulator -- --data <folder> [--port 9100] [--host 127.0.0.1]
// [--id liqaa-local] [--key <file>] [--read-quota <per minute>]`: serves a folder
// of CSV tabs as a Google Sheets API v4 spreadsheet until stopped, and prints
// what Liqaa's local configuration needs (the id, the API and token URLs, the
// service-account key file). The key and the sheet's metadata are kept beside
// the folder, so both survive restarts.
import { basename, dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { startSheetsEmulator } from "./server.ts";

const { values } = parseArgs({
  options: {
    data: { type: "string" },
    port: { type: "string", default: "9100" },
    host: { type: "string", default: "127.0.0.1" },
    id: { type: "string", default: "liqaa-local" },
    key: { type: "string" },
    "read-quota": { type: "string" },
    help: { type: "boolean", default: false },
  },
});

if (values.help || !values.data) {
  console.log(
    "usage: npm run sheets-emulator -- --data <folder of CSV tabs> [--port 9100] [--host 127.0.0.1] [--id liqaa-local] [--key <key file>] [--read-quota <reads per minute>]",
  );
  process.exit(values.help ? 0 : 2);
}

const dataDir = resolve(values.data);
const parent = dirname(dataDir);
const emulator = await startSheetsEmulator({
  dataDir,
  port: Number(values.port),
  host: values.host,
  spreadsheetId: values.id,
  keyFile: resolve(values.key ?? join(parent, ".sheets-emulator-key.json")),
  metaFile: join(parent, `.${basename(dataDir)}.sheets-emulator.json`),
  watch: true,
  ...(values["read-quota"] ? { readQuotaPerMinute: Number(values["read-quota"]) } : {}),
});

console.log(`Sheets API emulator serving ${dataDir}
  spreadsheet id:   ${emulator.spreadsheetId}
  Sheets API URL:   ${emulator.url}
  token URL:        ${emulator.tokenUrl}
  service account:  ${emulator.serviceAccountKey.client_email}
  key file:         ${emulator.keyFile}
Edit the CSV files in any spreadsheet program; the next read sees the change. Ctrl-C stops.`);

const stop = async () => {
  await emulator.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
