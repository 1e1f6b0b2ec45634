// What a meeting page says about the meetings linked to it (the event it is part
// of, the meetings held on its margins, what it follows, what follows it) and,
// for a bilateral series, its days and how many organisations it met: rows of
// the page's details list, each link to the other meeting's page in the
// reader's language. Which organisation met when is listed only when the
// series' row publishes its schedule (the feed item's series.slots).
import type { Lang } from "../sheet/types.ts";
import {
  escapeHtml,
  formatDay,
  formatSlot,
  inlineIn,
  LINK_WORDS,
  LOCALE,
  meetingTitle,
} from "./format.ts";
import { meetingUrl } from "./json-feed.ts";
import { linkedTo } from "./links.ts";
import type { FeedSnapshot, PublicMeeting } from "./snapshot.ts";

/** A link to another meeting's page, its title marked with its own language when it is in the other one. */
function linkTo(m: PublicMeeting, lang: Lang, base: string): string {
  const title = meetingTitle(m, lang);
  const text = inlineIn(title, lang);
  return `<a href="${escapeHtml(meetingUrl(base, m.id, lang))}">${text}</a>`;
}

/** The page's rows about linked meetings and a series, as [label, HTML]; none when it has neither. */
export function linkRows(
  snapshot: FeedSnapshot,
  m: PublicMeeting,
  lang: Lang,
  base: string,
): [string, string][] {
  const rows: [string, string][] = [];
  const sep = lang === "ar" ? "، " : ", ";
  if (m.series !== undefined) {
    if (m.series.days.length > 0) {
      const days = m.series.days.map((d) => escapeHtml(formatDay(d, lang)));
      rows.push([LINK_WORDS.days[lang], days.join("<br>")]);
    }
    const count = m.series.organizations.toLocaleString(LOCALE[lang]);
    rows.push([LINK_WORDS.organizations[lang], escapeHtml(count)]);
    const slots = "slots" in m.series ? m.series.slots : [];
    if (slots.length > 0) {
      // A name may be in either script: isolated, so it does not reorder the time beside it.
      const lines = slots.map(
        (slot) =>
          `<bdi>${escapeHtml(slot.organization)}</bdi>: ${escapeHtml(formatSlot(slot.start, slot.end, m.timezone, lang))}`,
      );
      rows.push([LINK_WORDS.schedule[lang], lines.join("<br>")]);
    }
  }
  const byId = (id: string | undefined) =>
    id === undefined ? undefined : snapshot.meetings.find((other) => other.id === id);
  const list = (items: readonly PublicMeeting[]) =>
    items.map((other) => linkTo(other, lang, base)).join(sep);
  const partOf = byId(m.part_of);
  if (partOf) rows.push([LINK_WORDS.partOf[lang], linkTo(partOf, lang, base)]);
  const margins = linkedTo(snapshot.meetings, m, "part_of");
  if (margins.length > 0) rows.push([LINK_WORDS.onMargins[lang], list(margins)]);
  const follows = byId(m.follows);
  if (follows) rows.push([LINK_WORDS.follows[lang], linkTo(follows, lang, base)]);
  const after = linkedTo(snapshot.meetings, m, "follows");
  if (after.length > 0) rows.push([LINK_WORDS.followedBy[lang], list(after)]);
  return rows;
}
