// BuildMemo keeps its entries in one map stamped by build (src/feed/item-memo.ts):
// a value is reused only for the very text it was made from, whatever build
// made it, and entries no build uses any more are dropped.
import { describe, expect, it } from "vitest";
import { BuildMemo } from "../../../src/feed/item-memo.ts";

describe("BuildMemo", () => {
  it("reuses a value for the same text only, across builds", () => {
    const memo = new BuildMemo<string>();
    let made = 0;
    const get = (name: string, text: string) => memo.get(name, text, () => `${text}#${++made}`);
    expect(get("a", "one")).toBe("one#1");
    expect(get("a", "one")).toBe("one#1");
    memo.turn();
    expect(get("a", "one")).toBe("one#1");
    // Another text under the same name: made anew, and the old value is not handed back for it.
    expect(get("a", "two")).toBe("two#2");
    memo.turn();
    expect(get("a", "one")).toBe("one#3");
    expect(get("a", "two")).toBe("two#4");
    memo.clear();
    expect(get("a", "two")).toBe("two#5");
  });

  it("drops the entries builds stopped using", () => {
    const memo = new BuildMemo<number, number>();
    let made = 0;
    for (let i = 0; i < 200; i++) memo.get(i, "x", () => ++made);
    memo.turn();
    // Ten builds that use only ten names: the other 190 entries go.
    for (let build = 0; build < 10; build++) {
      for (let i = 0; i < 10; i++) memo.get(i, "x", () => ++made);
      memo.turn();
    }
    expect(made).toBe(200);
    for (let i = 10; i < 20; i++) memo.get(i, "x", () => ++made);
    expect(made).toBe(210);
  });
});
