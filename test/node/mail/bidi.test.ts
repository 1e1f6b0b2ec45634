// Every kind of email, in both languages, read in Chromium the way Gmail,
// Outlook and Yahoo leave it: as sent, with <bdi> turned into <span>, and with
// `style` and `dir` stripped from inline elements as well. Each line's visual
// order (where each character lands, left to right) must be the order of a
// reference drawn from the same blocks (src/mail/model.ts) the plainest way that
// is right: one block element per line in the block's direction, each cell
// value in a <bdi> (first-strong isolation), the template's words bare.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { Block, Inline, Para } from "../../../src/mail/model.ts";
import {
  type DigestInput,
  digestBlocks,
  mailBlocks,
  renderDigest,
  renderMail,
} from "../../../src/mail/render.ts";
import type { MailInput } from "../../../src/mail/types.ts";
import type { Meeting } from "../../../src/sheet/types.ts";
import { fingerprint } from "../../../src/sync/fingerprint.ts";
import {
  digestProblems,
  englishReader,
  inputFor,
  kinds,
  now,
  settings,
} from "../../worker/mail/fixtures.ts";
import { chromiumForTests } from "../support/chromium.ts";

const chromium = chromiumForTests();

/** An agenda with a numbered English line, the one the issue saw reversed in the Arabic block. */
const agenda = "1. الأولويات في الشمال الغربي\n2. Early recovery priorities, funding; access";

/** A Latin place ending in a bracket: without an isolate the bracket jumps to the Arabic line's far end. */
const location = "UNDP office, Gaziantep (2nd floor)";

/** Arabic-only cells ending in punctuation, for the English block. */
const arabicPlace = "غازي عنتاب، مكتب الأمم المتحدة (الطابق 2).";
const arabicPerson = "رئيس مكتب أوتشا في غازي عنتاب.";

/** A Latin value ending in a full stop, which an Arabic cell would otherwise put on its left. */
const counterpart = "Jane Smith, Resilience Advisor.";

/** The version an update's invitee had: another time, an Arabic place, another link. */
const earlier = (m: Meeting): Meeting => ({
  ...m,
  start: "09:00",
  location: "مكتب الشبكة، غازي عنتاب (الطابق 2)",
  online_url: "https://meet.example.org/old-room",
});

const digest: DigestInput = {
  settings,
  problems: digestProblems,
  to: "staff@network.example.org",
  now,
  messageId: "<digest@liqaa>",
  sheetUrl: "https://docs.google.com/spreadsheets/d/abc",
  unsubscribeUrl: "https://liqaa.example.org/unsubscribe/tok789",
};

interface Case {
  name: string;
  html: string;
  blocks: Block[];
}

function mailCase(kind: MailInput["kind"], reader: "ar" | "en"): Case {
  const base = inputFor(kind);
  const input = inputFor(kind, {
    // The English reader's meeting has only Arabic places and people: the
    // English block shows them marked as Arabic (src/mail/languages.ts).
    meeting:
      reader === "ar"
        ? { ...base.meeting, agenda, location, counterpart }
        : { ...base.meeting, agenda, location: arabicPlace, counterpart: arabicPerson },
    ...(reader === "en" ? { contact: englishReader } : {}),
    // An update leads with its changes, old beside new: they are read too.
    ...(kind === "update" ? { previousFingerprint: fingerprint(earlier(base.meeting)) } : {}),
  });
  return {
    name: `${kind}, ${reader} reader`,
    html: renderMail(input).html,
    blocks: mailBlocks(input),
  };
}

const cases: Case[] = [
  ...[...kinds, "follow-up" as const].flatMap((kind) => [
    mailCase(kind, "ar"),
    mailCase(kind, "en"),
  ]),
  { name: "digest", html: renderDigest(digest).html, blocks: digestBlocks(digest) },
];

const esc = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function refInline(item: Inline): string {
  if (typeof item === "string") return esc(item);
  if ("name" in item) {
    // A value in the block's other language is isolated in that language's direction.
    const dir = item.lang === undefined ? "" : ` dir="${item.lang === "ar" ? "rtl" : "ltr"}"`;
    return `<bdi${dir}>${esc(item.name)}</bdi>`;
  }
  return item.label === item.link ? `<bdi>${esc(item.label)}</bdi>` : esc(item.label);
}

const refPara = (p: Para) => p.map(refInline).join("");

/** Every line a reader reads in a block, in the reference's markup. */
function referenceLines(b: Block): string[] {
  const out = [refPara([{ name: b.network }]), esc(b.heading)];
  if (b.changes !== null) {
    out.push(esc(b.changes.heading), esc(b.changes.before), esc(b.changes.after));
    for (const r of b.changes.rows) out.push(esc(r.label), refPara(r.before), refPara(r.after));
  }
  for (const p of b.paragraphs) out.push(refPara(p));
  for (const d of b.details) out.push(esc(d.label), refPara(d.value));
  for (const n of b.notes) {
    // A note in the other language is a paragraph of its own direction.
    const dir = n.lang === undefined ? "" : ` dir="${n.lang === "ar" ? "rtl" : "ltr"}"`;
    const line = (text: string) => `<div${dir}>${refPara([{ name: text }])}</div>`;
    out.push(esc(n.label), ...n.text.split("\n").map(line));
  }
  for (const i of b.items) out.push(refPara(i));
  if (b.buttonsPrompt !== null) out.push(esc(b.buttonsPrompt));
  for (const btn of b.buttons) out.push(esc(btn.label));
  for (const p of b.footer) out.push(refPara(p));
  return out;
}

function referenceHtml(blocks: Block[]): string {
  const body = blocks
    .map((b) => {
      const dir = b.lang === "ar" ? "rtl" : "ltr";
      const lines = referenceLines(b).map((line) =>
        line.startsWith("<div") ? line : `<div>${line}</div>`,
      );
      return `<div class="liqaa-${b.lang}" dir="${dir}" lang="${b.lang}">${lines.join("")}</div>`;
    })
    .join("");
  return `<!DOCTYPE html><html><body style="font-family:Tahoma,Arial,'Segoe UI',sans-serif;">${body}</body></html>`;
}

/** What Gmail, Outlook and Yahoo do to <bdi>: it arrives as a <span>. */
const bdiAsSpan = (html: string) => html.replace(/<(\/?)bdi\b/gi, "<$1span");

const INLINE = "span,a,b,strong,em,i,u,small,font,bdi,code,label";

type Variant = "as sent" | "bdi as span" | "inline style and dir stripped";

async function open(html: string, variant: Variant): Promise<Page> {
  const page = await chromium().newPage({ viewport: { width: 900, height: 900 } });
  await page.route("**/*", (route) => route.abort());
  await page.setContent(variant === "as sent" ? html : bdiAsSpan(html), { waitUntil: "load" });
  await page.evaluate(
    ([strip, inline]) => {
      if (strip) {
        for (const el of document.querySelectorAll(inline)) {
          el.removeAttribute("style");
          el.removeAttribute("dir");
        }
      }
      // One visual line per line of text, so each line's order is read on its own.
      const style = document.createElement("style");
      style.textContent = "*{white-space:nowrap !important}";
      document.head.append(style);
    },
    [variant === "inline style and dir stripped", INLINE] as const,
  );
  return page;
}

interface Line {
  /** The characters in the order they were written (no spaces or format characters). */
  logical: string;
  /** The same characters in the order they appear on screen, left to right. */
  visual: string;
}

/** Each line of text under each language's block, as written and as shown. */
function readLines(page: Page): Promise<Record<string, Line[]>> {
  return page.evaluate(() => {
    const result: Record<string, Line[]> = {};
    const skip = /[\s\u00a0\u200e\u200f\u2066-\u2069]/;
    for (const lang of ["ar", "en"]) {
      const root = document.querySelector(`.liqaa-${lang}`);
      if (root === null) continue;
      // A line is a block element's text up to a <br>.
      const lines = new Map<string, { chars: { ch: string; x: number; i: number }[] }>();
      const segment = new Map<Element, number>();
      const blocks: Element[] = [];
      const walker = document.createTreeWalker(
        root,
        NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT,
      );
      const range = document.createRange();
      let index = 0;
      for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
        const parent = node instanceof Element ? node.parentElement : node.parentElement;
        const block = parent?.closest("p,h1,th,td,li,div");
        if (!block) continue;
        if (!blocks.includes(block)) blocks.push(block);
        if (node instanceof Element) {
          if (node.tagName === "BR") segment.set(block, (segment.get(block) ?? 0) + 1);
          continue;
        }
        const text = (node as Text).data;
        const key = `${blocks.indexOf(block)}:${segment.get(block) ?? 0}`;
        const line = lines.get(key) ?? { chars: [] };
        lines.set(key, line);
        for (let i = 0; i < text.length; i++) {
          const ch = text[i]!;
          if (skip.test(ch)) continue;
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const rect = range.getClientRects()[0];
          if (rect === undefined) continue;
          line.chars.push({ ch, x: (rect.left + rect.right) / 2, i: index++ });
        }
      }
      result[lang] = [...lines.values()]
        .filter((line) => line.chars.length > 0)
        .map((line) => ({
          logical: line.chars.map((c) => c.ch).join(""),
          visual: [...line.chars]
            .sort((a, b) => a.x - b.x || a.i - b.i)
            .map((c) => c.ch)
            .join(""),
        }));
    }
    return result;
  });
}

/**
 * The lines whose visual order differs from the reference's, as "written: shown
 * instead of expected"; lines only one side has are listed too.
 */
function misplaced(actual: Line[], expected: Line[]): string[] {
  const shown = new Map<string, string[]>();
  for (const line of actual)
    shown.set(line.logical, [...(shown.get(line.logical) ?? []), line.visual]);
  const out: string[] = [];
  for (const line of expected) {
    const visuals = shown.get(line.logical) ?? [];
    const at = visuals.indexOf(line.visual);
    if (at >= 0) visuals.splice(at, 1);
    else out.push(`${line.logical}: shown ${visuals[0] ?? "(missing)"} instead of ${line.visual}`);
    if (at < 0 && visuals.length > 0) visuals.shift();
  }
  for (const [logical, rest] of shown)
    for (const v of rest) out.push(`${logical}: not expected (${v})`);
  return out;
}

const variants: Variant[] = ["as sent", "bdi as span", "inline style and dir stripped"];

describe("bidi in clients that strip <bdi> and inline attributes", () => {
  it.each(cases.map((c) => [c.name, c] as const))(
    "%s reads in the right order in every client's treatment",
    async (_name, c) => {
      const ref = await chromium().newPage({ viewport: { width: 900, height: 900 } });
      await ref.setContent(referenceHtml(c.blocks));
      await ref.addStyleTag({ content: "*{white-space:nowrap !important}" });
      const expected = await readLines(ref);
      await ref.close();
      for (const variant of variants) {
        const page = await open(c.html, variant);
        const actual = await readLines(page);
        await page.close();
        for (const lang of Object.keys(expected)) {
          expect(
            misplaced(actual[lang] ?? [], expected[lang]!),
            `${c.name}, ${variant}, ${lang} block`,
          ).toEqual([]);
        }
      }
    },
    60_000,
  );
});

// Sanity check of the method itself: it sees a scrambled line.
describe("the visual-order reader", () => {
  it("tells a line whose isolate was lost from the right one", async () => {
    const page = await chromium().newPage();
    await page.setContent(
      `<div class="liqaa-ar" dir="rtl"><div><bdi>1. Early recovery</bdi></div></div><div class="liqaa-en" dir="rtl"><div><span>1. Early recovery</span></div></div>`,
    );
    const lines = await readLines(page);
    await page.close();
    expect(lines.ar?.[0]?.visual).toBe("1.Earlyrecovery");
    expect(lines.en?.[0]?.visual).not.toBe("1.Earlyrecovery");
  });
});
