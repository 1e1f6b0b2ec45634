// The public feed routes served from node:http on 127.0.0.1, as workerd serves
// the Worker, over a snapshot kept in memory as KV keeps it: for the browser
// tests of the widget and the meeting pages.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Hono } from "hono";
import { type FeedEnv, feedRoutes } from "../../../src/feed/routes.ts";
import type { SnapshotMetadata, SnapshotStore } from "../../../src/feed/snapshot.ts";

/** KV's behaviour for the calls the snapshot makes: values and metadata by key. */
export class MemoryStore implements SnapshotStore {
  readonly entries = new Map<string, { value: string; metadata: SnapshotMetadata }>();
  async getWithMetadata<M>(key: string, _type: "stream") {
    const e = this.entries.get(key);
    return {
      value: e ? new Response(e.value).body : null,
      metadata: (e?.metadata ?? null) as M | null,
    };
  }
  async put(key: string, value: string, options: { metadata: SnapshotMetadata }) {
    this.entries.set(key, { value, metadata: options.metadata });
  }
}

export function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer(handler);
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

export function origin(server: Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Serves a Hono app from node:http, as workerd would serve the Worker. */
export function serveApp(app: Hono<FeedEnv>, env: FeedEnv["Bindings"]): Promise<Server> {
  return listen(async (req, res) => {
    const url = `http://${req.headers.host}${req.url}`;
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const response = await app.fetch(new Request(url, { method: req.method, headers }), env);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
}

/** The feed routes alone, as the Worker mounts them. */
export function feedApp(): Hono<FeedEnv> {
  const app = new Hono<FeedEnv>();
  app.route("/", feedRoutes());
  return app;
}
