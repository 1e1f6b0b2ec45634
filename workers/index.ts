// Liqaa's Worker: one entry per trigger, each thin. They check the env, build
// the services for this invocation, and hand over to src/.

import type { RawEnv } from "../src/env.ts";
import { handleFetch } from "./http.ts";

export default {
  fetch: (request, env, ctx) => handleFetch(request, env, ctx),
} satisfies ExportedHandler<RawEnv>;
