// The substitutes' vocabulary, apart from D1, so the pure modules (the RSVP
// page's words, the Responses lines) need no database types.

export type SubstituteSource = "link" | "calendar";

export interface Substitute {
  meeting_id: string;
  /** The invitee they replace, lower case. */
  original: string;
  email: string;
  name: string | null;
  source: SubstituteSource;
  created_at: string;
  refused_at: string | null;
}

/** Why a substitute was not recorded; each has its words in src/rsvp/words.ts. */
export type SubstituteRefusal =
  | "malformed"
  | "no_name"
  | "closed"
  | "self"
  | "already_invited"
  | "organizer"
  | "taken"
  | "refused_before"
  | "is_substitute";
