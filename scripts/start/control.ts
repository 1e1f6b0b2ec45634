// The launcher's control socket: a Unix socket in the state folder (no port to
// collide with) where `npm run sync` asks the running `npm start` for a sync.
// Going through the launcher, not straight to the Worker, keeps one sync at a
// time, pauses the file watcher while the emulator writes back, and prints the
// sync's line in the launcher's terminal as well as the caller's.
import { rm } from "node:fs/promises";
import { createServer, request, type Server } from "node:http";
import { join } from "node:path";

export const controlSocket = (stateDir: string) => join(stateDir, "liqaa-start.sock");

export interface ControlReply {
  ok: boolean;
  line: string;
}

export async function startControl(
  stateDir: string,
  sync: (reason: string) => Promise<ControlReply>,
): Promise<Server> {
  const path = controlSocket(stateDir);
  // A socket file left by a start that was killed outright would refuse the listen.
  await rm(path, { force: true });
  const server = createServer((req, res) => {
    if (req.method !== "POST" || req.url !== "/sync") {
      res.writeHead(404).end();
      return;
    }
    void sync("npm run sync").then((reply) => {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(path, () => done());
  });
  return server;
}

/** Asks the launcher for a sync; null when no launcher listens there. */
export function askForSync(stateDir: string, timeoutMs = 180_000): Promise<ControlReply | null> {
  return new Promise((done) => {
    const req = request(
      { socketPath: controlSocket(stateDir), method: "POST", path: "/sync", timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          try {
            done(JSON.parse(Buffer.concat(chunks).toString("utf8")) as ControlReply);
          } catch {
            done({ ok: false, line: `sync failed: the launcher answered ${res.statusCode}` });
          }
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", () => done(null));
    req.end();
  });
}
