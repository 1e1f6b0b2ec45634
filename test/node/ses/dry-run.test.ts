import { describe, expect, it } from "vitest";
import { senderFromEnv } from "../../../src/ses/index.ts";
import { bilingualMail, closedPort } from "./helpers.ts";

const ENV = {
  SES_REGION: "eu-central-1",
  SES_ENDPOINT: "",
  SES_MAX_SEND_RATE: "1",
  SES_ACCESS_KEY_ID: "test-access-key",
  SES_SECRET_ACCESS_KEY: "test-secret-key",
};

describe("DRY_RUN", () => {
  it("answers dry_run, never sent: nothing claims SES accepted it", async () => {
    const sender = senderFromEnv({ ...ENV, DRY_RUN: "true" });
    const result = await sender.send(bilingualMail());
    expect(result).toEqual({ kind: "dry_run", id: "dry-run-1" });
  });

  it("keeps what would have been sent", async () => {
    const sender = senderFromEnv({ ...ENV, DRY_RUN: "true" });
    const mail = bilingualMail();
    await sender.send(mail);
    expect("outbox" in sender && sender.outbox).toEqual([mail]);
  });

  it("sends through SES_ENDPOINT when DRY_RUN is false", async () => {
    const port = await closedPort();
    const sender = senderFromEnv({
      ...ENV,
      SES_ENDPOINT: `http://127.0.0.1:${port}`,
      DRY_RUN: "false",
    });
    expect(await sender.send(bilingualMail())).toMatchObject({
      kind: "transient",
      code: "ECONNREFUSED",
    });
  });
});
