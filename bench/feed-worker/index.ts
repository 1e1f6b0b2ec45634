// Liqaa's public feed routes alone, for the feed benchmark while workers/http.ts
// does not mount them yet; bench/run.ts prefers the real Worker when it serves
// /feed.json, and says which one it measured.
import { Hono } from "hono";
import { type FeedEnv, feedRoutes } from "../../src/feed/routes.ts";

const app = new Hono<FeedEnv>();
app.route("/", feedRoutes());

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
} satisfies ExportedHandler<FeedEnv["Bindings"]>;
