// vitest globalSetup (runs in Node, once per run): starts the project's SES v2
// fake on 127.0.0.1 and provides its URL as `sesFakeUrl`, so worker tests can
// point a sender at it and drive it over /__fake/* (messages, script, clear).
import type { TestProject } from "vitest/node";
import { startSesFake } from "../../../scripts/ses-fake/server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The SES fake's origin; SES_ENDPOINT for a sender. Mirrored in test/worker/ses/context.ts. */
    sesFakeUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const fake = await startSesFake({ host: "127.0.0.1", port: 0 });
  project.provide("sesFakeUrl", fake.url);
  return () => fake.close();
}
