// Builds Workers exactly as `wrangler deploy --dry-run` bundles them for upload,
// and runs a bundle in workerd through Miniflare on 127.0.0.1 — directly, with no
// dev proxy in front, so the feed, the ceiling and the sheet proxy are measured
// on the same footing.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";

const run = promisify(execFile);

/** Offline: no metrics, no Cloudflare lookups (wrangler otherwise tries Cloudflare hosts and warns). */
export const QUIET_WRANGLER_ENV = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  NO_COLOR: "1",
};

export interface Bundle {
  name: string;
  config: string;
  file: string;
  rawBytes: number;
  gzipBytes: number;
  /** What wrangler itself printed ("Total Upload: … / gzip: …"). */
  wranglerSays: string;
}

/** `wrangler deploy --dry-run --outdir`: the bytes that would be uploaded. */
export async function buildWorker(
  name: string,
  config: string,
  outRoot: string,
  /** More wrangler flags (bench/workerd-profile.ts: `--minify=false`, for readable names). */
  extraArgs: string[] = [],
): Promise<Bundle> {
  const outdir = join(outRoot, name);
  const { stdout } = await run(
    process.execPath,
    [
      "node_modules/wrangler/bin/wrangler.js",
      "deploy",
      "--dry-run",
      "--config",
      config,
      "--outdir",
      outdir,
      ...extraArgs,
    ],
    { env: QUIET_WRANGLER_ENV, timeout: 120_000, maxBuffer: 8 * 1024 * 1024 },
  );
  const file = join(outdir, "index.js");
  const bytes = await readFile(file);
  return {
    name,
    config,
    file,
    rawBytes: bytes.length,
    gzipBytes: gzipSync(bytes).length,
    wranglerSays: /Total Upload:[^\n]*/.exec(stdout)?.[0]?.trim() ?? "",
  };
}

export interface WorkerOptions {
  compatibilityFlags?: string[];
  bindings?: Record<string, string>;
  kvNamespaces?: string[];
  d1Databases?: string[];
  queueProducers?: Record<string, string>;
  /** Lets the Worker reach servers on 127.0.0.1 (the Sheets emulator). */
  outboundLocal?: boolean;
}

export interface RunningWorker {
  url: URL;
  mf: Miniflare;
  close(): Promise<void>;
}

export async function startBundle(
  bundle: Bundle,
  options: WorkerOptions = {},
): Promise<RunningWorker> {
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      host: "127.0.0.1",
      port: 0,
      modules: true,
      scriptPath: bundle.file,
      // Module names are paths under this root; the bundle lives outside the project.
      modulesRoot: dirname(bundle.file),
      compatibilityDate: "2026-10-01",
      compatibilityFlags: options.compatibilityFlags ?? [],
      bindings: options.bindings ?? {},
      kvNamespaces: options.kvNamespaces ?? [],
      d1Databases: options.d1Databases ?? [],
      queueProducers: options.queueProducers ?? {},
    }),
  );
  const url = await mf.ready;
  return { url, mf, close: () => mf.dispose() };
}
