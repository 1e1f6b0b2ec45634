// The local inbox: aws-ses-v2-local's server, run in this process on
// 127.0.0.1. Its web page lists every email Liqaa sends; GET /store is the same
// list as JSON, which is how the launcher notices new mail to report.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import sesLocal from "aws-ses-v2-local";

export interface Inbox {
  url: string;
  close(): Promise<void>;
}

export interface InboxEmail {
  subject: string;
  destination: { to: string[] };
  at: number;
}

// aws-ses-v2-local is CommonJS marked __esModule: Node hands its whole exports
// object to a default import, where a bundler would hand over `exports.default`.
type StartServer = (config?: { host?: string; port?: number }) => Promise<Server>;
const startServer: StartServer =
  (sesLocal as unknown as { default?: StartServer }).default ?? (sesLocal as StartServer);

export async function startInbox(port: number): Promise<Inbox> {
  const server = await startServer({ host: "127.0.0.1", port });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((done) => {
        // The inbox page keeps connections open; close them or close() waits forever.
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** Every email in the inbox, oldest first. */
export async function inboxEmails(inboxUrl: string): Promise<InboxEmail[]> {
  const res = await fetch(`${inboxUrl}/store`, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`the inbox answered ${res.status}`);
  const body = (await res.json()) as { emails?: InboxEmail[] };
  return body.emails ?? [];
}
