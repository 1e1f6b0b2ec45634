// RSVP endpoint. GET /rsvp/:token shows the meeting the link answers (network,
// title, date, time, place, in the languages the invitation was written in),
// the answer already given, and one button; only the POST that button sends
// records the answer, so mail scanners that follow every GET answer for nobody.
// The token (src/delivery/links.ts) names the meeting, the address and the
// answer, signed with SIGNING_SECRET; D1 then decides whether the invitation
// still stands. A cancelled meeting, one that took place and a withdrawn
// invitation get their page without a button. An open invitation's page also
// offers a substitute form (POST /rsvp/:token/substitute, src/substitutes/),
// and an organisation's invitation to its slot in a bilateral series the free
// slots of its series (POST /rsvp/:token/slot, src/series/self-service.ts).
import { Hono } from "hono";
import { type RsvpClaim, verifyRsvp } from "../delivery/links.ts";
import type { Env } from "../env.ts";
import type { AppEnv } from "../http/app-env.ts";
import { checkedEnv } from "../http/checked-env.ts";
import { mailboxAddress } from "../mail/mime.ts";
import { moveOwnSlot, type SlotContext, slotContext } from "../series/self-service.ts";
import {
  FROM_FIELD,
  parseSlotValue,
  SLOT_FIELD,
  slotPartFrom,
} from "../series/self-service-page.ts";
import type { SlotOutcome } from "../series/self-service-words.ts";
import { nameSubstitute, substituteRole } from "../substitutes/store.ts";
import { recordRsvp } from "../sync/store.ts";
import { loadMeetingView, type MeetingView, pageLanguages } from "./meeting-view.ts";
import { type PageSection, sendPage } from "./page.ts";
import {
  type RsvpPageInput,
  type RsvpState,
  rsvpSections,
  rsvpTitle,
  type SubstitutePart,
} from "./rsvp-page.ts";
import { findInvitation, type InvitationView, standing } from "./store.ts";
import { FAILURE, type Failure, SUBSTITUTE, TITLE } from "./words.ts";

export interface RsvpRouteDeps {
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
}

/** Error pages speak both languages: nothing tells us yet which one the reader has. */
function failurePage(failure: Failure): PageSection[] {
  return (["ar", "en"] as const).map((lang) => ({ lang, ...FAILURE[failure][lang] }));
}

const statusOf = (failure: Failure) => (failure === "invalid" || failure === "expired" ? 400 : 404);

/**
 * A closed invitation keeps the status codes it always had: a withdrawn one
 * (a cancellation was sent to this invitee) 404, a meeting over or cancelled 400.
 */
const closedStatus = (view: InvitationView, at: Date) =>
  standing(view, at) === "withdrawn" ? 404 : 400;

/** The page's state: a cancelled meeting says so before anything else does. */
function stateOf(view: InvitationView, at: Date): RsvpState {
  if (view.meeting_status === "cancelled") return "cancelled";
  return standing(view, at);
}

type Resolved =
  | { ok: false; failure: Failure }
  | {
      ok: true;
      env: Env;
      claim: RsvpClaim;
      view: InvitationView;
      meeting: MeetingView;
      state: RsvpState;
      at: Date;
    };

export function rsvpRoutes(deps: RsvpRouteDeps = {}): Hono<AppEnv> {
  const now = deps.now ?? (() => new Date());
  const app = new Hono<AppEnv>();
  app.use("/rsvp/*", checkedEnv);

  /** Verifies the token and looks the invitation and its meeting up; the page to show when either fails. */
  async function resolve(env: Env, token: string): Promise<Resolved> {
    const at = now();
    const verified = await verifyRsvp(env.SIGNING_SECRET, token, at);
    if (!verified.ok) {
      return { ok: false, failure: verified.reason === "expired" ? "expired" : "invalid" };
    }
    const { claim } = verified;
    const [view, meeting] = await Promise.all([
      findInvitation(env.DB, claim.meetingId, claim.email),
      loadMeetingView(env.DB, env.SHEET_ID, claim.meetingId, claim.email),
    ]);
    if (view === null) return { ok: false, failure: "not_found" };
    return { ok: true, env, claim, view, meeting, state: stateOf(view, at), at };
  }

  function pageInput(
    found: Extract<Resolved, { ok: true }>,
    over: Partial<RsvpPageInput>,
  ): RsvpPageInput {
    const { claim, view, meeting, state } = found;
    const langs = pageLanguages(meeting.settings, view.language);
    return {
      langs,
      settings: meeting.settings,
      meeting: meeting.meeting,
      state,
      response: claim.response,
      current: view.response,
      respondedAt: meeting.respondedAt,
      action: null,
      recorded: false,
      ...over,
    };
  }

  app.get("/rsvp/:token", async (c) => {
    const token = c.req.param("token");
    const found = await resolve(c.var.env, token);
    if (!found.ok) {
      return sendPage(c, statusOf(found.failure), TITLE.ar, failurePage(found.failure));
    }
    const open = found.state === "open";
    const [substitute, slot] = await Promise.all([
      open ? substituteFor(c.var.env.DB, found.claim, token) : undefined,
      open ? slotOf(c.var.env.DB, found) : null,
    ]);
    const input = pageInput(found, {
      action: `/rsvp/${token}`,
      ...(substitute ? { substitute } : {}),
      ...slotInput(found, slot, `/rsvp/${token}/slot`),
    });
    const status = found.state === "open" ? 200 : closedStatus(found.view, found.at);
    return sendPage(c, status, rsvpTitle(input), rsvpSections(input));
  });

  app.post("/rsvp/:token", async (c) => {
    const found = await resolve(c.var.env, c.req.param("token"));
    if (!found.ok) {
      return sendPage(c, statusOf(found.failure), TITLE.ar, failurePage(found.failure));
    }
    if (found.state !== "open") {
      const input = pageInput(found, {});
      return sendPage(c, closedStatus(found.view, found.at), rsvpTitle(input), rsvpSections(input));
    }
    const { env, claim, at } = found;
    const recorded = await recordRsvp(env.DB, {
      meeting_id: claim.meetingId,
      email: claim.email,
      response: claim.response,
      at,
    });
    if (!recorded) return sendPage(c, 404, TITLE.ar, failurePage("not_found"));
    const input = pageInput(found, {
      current: claim.response,
      respondedAt: at.toISOString(),
      recorded: true,
    });
    return sendPage(c, 200, rsvpTitle(input), rsvpSections(input));
  });

  // The slot choice: the same signed token names the organisation's own
  // meeting in the series; one conditional UPDATE decides (moveOwnSlot), and
  // the page then shows the organisation's slot and the slots free as D1 has
  // them now: a choice that lost to another organisation's is told so, with
  // the slots still free. A replay finds the slot moved already (or moved on
  // since: `from` is no longer where it is) and changes nothing.
  app.post("/rsvp/:token/slot", async (c) => {
    const token = c.req.param("token");
    const found = await resolve(c.var.env, token);
    if (!found.ok) {
      return sendPage(c, statusOf(found.failure), TITLE.ar, failurePage(found.failure));
    }
    const { env, claim, at } = found;
    const before = await slotOf(env.DB, found);
    if (before === null) return sendPage(c, 404, TITLE.ar, failurePage("not_found"));
    if (found.state !== "open") {
      // The page says why (cancelled, over, withdrawn) and offers no slot.
      const input = pageInput(found, slotInput(found, before, null));
      return sendPage(c, closedStatus(found.view, found.at), rsvpTitle(input), rsvpSections(input));
    }
    const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const value = (key: string) => {
      const v = (body as Record<string, unknown>)[key];
      return typeof v === "string" ? parseSlotValue(v) : null;
    };
    const to = value(SLOT_FIELD);
    const from = value(FROM_FIELD);
    const outcome =
      to === null || from === null
        ? "unknown"
        : await moveOwnSlot(env.DB, before, {
            slotMeetingId: claim.meetingId,
            from,
            to,
            at,
          });
    const after = (await slotOf(env.DB, found)) ?? before;
    const input = pageInput(found, slotInput(found, after, `/rsvp/${token}/slot`, outcome));
    const status = SLOT_STATUS[outcome];
    return sendPage(c, status, rsvpTitle(input), rsvpSections(input));
  });

  // The substitute form: the same signed token names the invitation, so, as
  // with the answer's POST, nothing but the link's holder can send one, and no
  // cookie or session exists for another site to ride on (the form's CSP keeps
  // form-action to this origin). A replay finds the substitute already there.
  app.post("/rsvp/:token/substitute", async (c) => {
    const token = c.req.param("token");
    const found = await resolve(c.var.env, token);
    if (!found.ok) {
      return sendPage(c, statusOf(found.failure), TITLE.ar, failurePage(found.failure));
    }
    if (found.state !== "open") {
      const input = pageInput(found, {});
      return sendPage(c, closedStatus(found.view, found.at), rsvpTitle(input), rsvpSections(input));
    }
    const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const field = (key: string) => {
      const value = (body as Record<string, unknown>)[key];
      return typeof value === "string" ? value.slice(0, 1000) : "";
    };
    const { env, claim, at, meeting } = found;
    const named = await nameSubstitute(env.DB, {
      meetingId: claim.meetingId,
      original: claim.email,
      email: field("email"),
      name: field("name"),
      source: "link",
      at,
      organizers: [env.REPLIES_ADDRESS ?? "", senderAddress(meeting.settings?.sender ?? null)],
    });
    const substitute: SubstitutePart = named.ok
      ? { type: "recorded", name: named.substitute.name, email: named.substitute.email }
      : named.active
        ? { type: "named", name: named.active.name, email: named.active.email }
        : { type: "form", action: `/rsvp/${token}/substitute`, problem: named.reason };
    // The answer buttons stay one click away, on the link's own page.
    const input = pageInput(found, { substitute });
    const status = named.ok ? 200 : 400;
    const sections = rsvpSections(input);
    if (!named.ok && named.active) {
      for (const part of sections) {
        part.notice = { tone: "stop", text: SUBSTITUTE[part.lang].refused.taken };
      }
    }
    return sendPage(c, status, rsvpTitle(input), sections);
  });

  return app;
}

/** A choice that moved (or was already there) is a success; one another organisation's beat, a conflict. */
const SLOT_STATUS = {
  moved: 200,
  same: 200,
  taken: 409,
  stale: 409,
  pinned: 409,
  unknown: 400,
  past: 400,
} as const;

/** The organisation's slot facts when the link's meeting is its slot in a series, else null. */
function slotOf(
  db: D1Database,
  found: Extract<Resolved, { ok: true }>,
): Promise<SlotContext | null> {
  const zone = found.meeting.meeting?.timezone ?? found.meeting.settings?.timezone ?? "UTC";
  return slotContext(db, found.claim.meetingId, zone, found.at);
}

/**
 * The page's slot part, and the meeting's date and hours as D1's slot says
 * them: a move shows at once, before the next sync records the slot meeting again.
 */
function slotInput(
  found: Extract<Resolved, { ok: true }>,
  ctx: SlotContext | null,
  action: string | null,
  outcome?: SlotOutcome,
): Partial<RsvpPageInput> {
  if (ctx === null) return {};
  const { meeting } = found.meeting;
  const { day, start, end } = ctx.slot;
  return {
    slots: slotPartFrom(ctx, ctx.window === null ? null : action, outcome),
    ...(meeting === null ? {} : { meeting: { ...meeting, date: day, date_end: null, start, end } }),
  };
}

/** The Settings sender's bare address, which can never be a substitute; "" when unknown. */
const senderAddress = (sender: string | null): string => mailboxAddress(sender) ?? "";

/** The substitute part of an open invitation's page: whom they replace, who replaces them, or the form. */
async function substituteFor(
  db: D1Database,
  claim: RsvpClaim,
  token: string,
): Promise<SubstitutePart> {
  const role = await substituteRole(db, claim.meetingId, claim.email);
  if (role.standsFor) {
    return { type: "stands_for", name: null, email: role.standsFor.original };
  }
  if (role.named) return { type: "named", name: role.named.name, email: role.named.email };
  return { type: "form", action: `/rsvp/${token}/substitute` };
}
