// What a failure talking to Google is made of, as data: its kind and the
// facts its advice needs. Apart from errors.ts so the words (error-words.ts)
// and the errors that carry them can both depend on it without a circle.
export type GoogleErrorKind =
  | "forbidden"
  | "not_found"
  | "quota"
  | "unavailable"
  | "timeout"
  | "bad_key"
  | "auth"
  | "bad_request";

/** What every failure carries, whatever its kind. */
interface GoogleErrorCommon {
  /** The HTTP status Google answered with; absent when no answer came (timeout, network). */
  status?: number;
  /** True when the same request may succeed later without anyone changing anything. */
  retryable: boolean;
  /** Google's own words (or the local cause), for the log. */
  detail: string;
}

/**
 * A failure as data: its kind and what the words for it are made of, so a caller
 * that needs a part (the service account to share the sheet with) reads it here
 * and never out of a sentence.
 */
export type GoogleErrorFacts = GoogleErrorCommon &
  (
    | {
        kind: "forbidden";
        /** The service account's address: the sheet must be shared with it as Editor. */
        serviceAccount: string;
      }
    | {
        kind: "timeout";
        /** How long Liqaa waited for an answer. */
        timeoutMs: number;
      }
    | { kind: Exclude<GoogleErrorKind, "forbidden" | "timeout"> }
  );
