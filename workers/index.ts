// Liqaa's Worker: one entry per trigger, each thin. They check the env, build
// the services for this invocation, and hand over to src/.

import type { RawEnv } from "../src/env.ts";
import type { OutboxMessage } from "../src/outbox/row.ts";
import { handleScheduled } from "./cron.ts";
import { handleEmail } from "./email.ts";
import { handleFetch } from "./http.ts";
import { handleQueue } from "./queue.ts";

export default {
  fetch: (request, env, ctx) => handleFetch(request, env, ctx),
  scheduled: async (controller, env, ctx) => {
    await handleScheduled(controller, env, ctx);
  },
  queue: (batch, env, _ctx) => handleQueue(batch, env),
  email: async (message, env, ctx) => {
    await handleEmail(message, env, ctx);
  },
} satisfies ExportedHandler<RawEnv, OutboxMessage>;
