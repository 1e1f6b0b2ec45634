// The benchmarks' quick mode, as CI runs it: it must finish and print every
// section. It checks no figure (figures on a shared CI machine mean nothing).
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

describe("npm run bench -- --quick", () => {
  it("exits 0 and prints the feed, size, sync, Google calls and mail sections", async () => {
    const { stdout } = await run(process.execPath, ["bench/run.ts", "--quick"], {
      timeout: 170_000,
      maxBuffer: 4 * 1024 * 1024,
    });
    expect(stdout).toContain("## 1. Feed serving");
    expect(stdout).toContain("## 2. Cold start and size");
    expect(stdout).toContain("## 3. Sync cost");
    expect(stdout).toMatch(/\| GET \/feed\.json \| \d+ \|/);
    expect(stdout).toContain("## 4. Google calls per sync");
    expect(stdout).toMatch(/\| unchanged sheet \| \d+ \| \d+ \|/);
    expect(stdout).toContain("## 5. Mail throughput");
    // Every planned email reached the stand-in: planned, queued and accepted agree.
    expect(stdout).toMatch(/\| (\d+) \| \1 \| \1 \| [\d.]+ \| [\d.]+ \|/);
  }, 180_000);
});
