// Runs the SES v2 stand-in on its own: `node scripts/ses-fake/cli.ts --port 8006
// [--max-rate 1]`. Point SES_ENDPOINT at the URL it prints; drive it with
// /__fake/messages, /__fake/script, /__fake/clear, /__fake/max-rate.
import { parseArgs } from "node:util";
import { startSesFake } from "./server.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8006" },
    "max-rate": { type: "string" },
  },
});

const port = Number(values.port);
const maxRate = values["max-rate"] === undefined ? undefined : Number(values["max-rate"]);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got ${values.port}`);
  process.exit(2);
}
if (maxRate !== undefined && !(maxRate > 0)) {
  console.error(`--max-rate must be a positive number, got ${values["max-rate"]}`);
  process.exit(2);
}

const fake = await startSesFake({ port, ...(maxRate === undefined ? {} : { maxRate }) });
console.log(`SES v2 fake listening on ${fake.url} (SES_ENDPOINT=${fake.url})`);

const stop = () => {
  fake.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
