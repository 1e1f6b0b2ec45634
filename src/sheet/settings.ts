// The Settings tab: two columns, a setting's name (English or Arabic) and its
// value. An unusable value is reported and replaced by the last good sync's
// value when there is one (a typo must not change what every invitation says),
// else by its default; the default time zone alone has no safe default to guess,
// so without a last good one the meetings that need it are held back.
import {
  DEFAULT_TIMEZONE,
  normalizeHeader,
  SETTINGS_COLUMNS,
  SETTINGS_KEYS,
  type SettingDef,
} from "./contract.ts";
import { parseChoice, parseEmail, parseTimeZone, parseUrl, splitList } from "./fields.ts";
import { type FoundTab, rowAt } from "./layout.ts";
import { MESSAGES, type Place, problem } from "./problems.ts";
import { cellText, fieldText, textOrNull } from "./text.ts";
import type { Cell, Problem, Settings, TabLayout } from "./types.ts";

export function defaultSettings(): Settings {
  return {
    sender: null,
    reply_to: null,
    network_name_ar: null,
    network_name_en: null,
    timezone: DEFAULT_TIMEZONE,
    reminder_hours: 24,
    staff_emails: [],
    digest_minutes: DEFAULT_DIGEST_MINUTES,
    public_url: null,
    summary_to: "invited",
    email_languages: "both",
  };
}

const EMAIL_LANGUAGE_SYNONYMS = {
  كلاهما: "both",
  "ar+en": "both",
  "ar, en": "both",
  عربي: "ar",
  انجليزي: "en",
  انكليزي: "en",
} as const;

/** Minutes between two problem digests to one address, unless Settings say otherwise. */
export const DEFAULT_DIGEST_MINUTES = 15;
/** Longest digest interval that still tells staff the same day: a day. */
const MAX_DIGEST_MINUTES = 24 * 60;

/** Longest lead time that makes sense for a reminder: a month. */
const MAX_REMINDER_HOURS = 720;
/** Longest follow-up lead time: two months, as long as a meeting's run of days may be. */
const MAX_FOLLOW_UP_DAYS = 60;

export interface SettingsResult {
  settings: Settings;
  layout: TabLayout;
  /** False when the default time zone is unusable and no last good one was known. */
  zoneUsable: boolean;
}

/** Copies one setting from the last good Settings. */
function keep<K extends keyof Settings>(to: Settings, from: Settings, key: K): void {
  to[key] = from[key];
}

/** The setting as text for a message: what the last good sync used. */
function shown(value: Settings[keyof Settings]): string {
  return Array.isArray(value) ? value.join(", ") : value === null ? "" : String(value);
}

export function parseSettings(
  found: FoundTab,
  problems: Problem[],
  lastGood?: Settings,
): SettingsResult {
  const settings = defaultSettings();
  let zoneUsable = true;
  let zoneWritten = false;
  /** The sender cell when it held something unusable. */
  let badSender: string | null = null;
  let senderPlace: Place = { tab: found.title, row: null, column: null };
  const byName = new Map<string, SettingDef>();
  for (const def of SETTINGS_KEYS) {
    byName.set(normalizeHeader(def.en), def);
    byName.set(normalizeHeader(def.ar), def);
    byName.set(normalizeHeader(def.key), def);
  }
  const columnNames = new Map(
    SETTINGS_COLUMNS.flatMap((c) => [
      [normalizeHeader(c.en), c.key],
      [normalizeHeader(c.ar), c.key],
    ]),
  );

  // Row 1 is a header (Setting | Value) when it says so; a bare two-column list works too.
  const first = Array.from(rowAt(found.grid, 0), (cell) => cellText(cell).trim());
  const firstKeys = first.map((text) => columnNames.get(normalizeHeader(text)));
  const hasHeader = firstKeys.includes("key");
  const keyColumn = hasHeader ? firstKeys.indexOf("key") : 0;
  const valueIndex = firstKeys.indexOf("value");
  const valueColumn = hasHeader && valueIndex >= 0 ? valueIndex : keyColumn === 0 ? 1 : 0;
  const layout: TabLayout = {
    title: found.title,
    columns: { key: keyColumn, value: valueColumn },
    headers: hasHeader ? first : [],
  };
  const valueHeader = hasHeader ? (first[valueColumn] ?? null) : null;

  const seen = new Map<string, number>();
  for (let index = hasHeader ? 1 : 0; index < found.grid.length; index++) {
    const cells = rowAt(found.grid, index);
    const row = index + 1;
    const name = fieldText(cells[keyColumn]);
    const value: Cell = cells[valueColumn];
    if (name === "") continue;
    const keyPlace: Place = {
      tab: found.title,
      row,
      column: hasHeader ? (first[keyColumn] ?? null) : null,
    };
    const def = byName.get(normalizeHeader(name));
    if (def === undefined) {
      problems.push(
        problem(
          keyPlace,
          "settings.unknown_key",
          "warning",
          name,
          MESSAGES["settings.unknown_key"](name),
        ),
      );
      continue;
    }
    const earlier = seen.get(def.key);
    if (earlier !== undefined) {
      problems.push(
        problem(
          keyPlace,
          "settings.duplicate_key",
          "warning",
          name,
          MESSAGES["settings.duplicate_key"](name, earlier),
        ),
      );
      continue;
    }
    seen.set(def.key, row);
    const place: Place = { tab: found.title, row, column: valueHeader };
    if (def.key === "timezone" && fieldText(value) !== "") zoneWritten = true;
    const bads = applySetting(settings, def, value);
    if (def.key === "sender") {
      senderPlace = place;
      // Reported below, once, whether the cell is bad or blank.
      if (bads.length > 0 && lastGood?.sender == null) {
        badSender = cellText(value);
        continue;
      }
    }
    if (bads.length > 0 && def.key === "follow_up_days") {
      // Its own words: "not a number of days", and whether a follow-up still goes.
      const kept = lastGood?.follow_up_days ?? null;
      if (kept !== null) settings.follow_up_days = kept;
      const text = cellText(value);
      const severity = kept === null ? "error" : "warning";
      const message = MESSAGES["settings.follow_up_invalid"](text, kept);
      problems.push(problem(place, "settings.follow_up_invalid", severity, text, message));
      continue;
    }
    // A list (staff addresses) keeps its good items; a single value falls back whole.
    if (bads.length > 0 && lastGood !== undefined && def.key !== "staff_emails") {
      keep(settings, lastGood, def.key);
      problems.push(
        problem(
          place,
          "settings.last_good",
          "warning",
          cellText(value),
          MESSAGES["settings.last_good"](def, cellText(value), shown(lastGood[def.key])),
        ),
      );
      continue;
    }
    if (bads.length > 0 && def.key === "timezone") {
      zoneUsable = false;
      problems.push(
        problem(
          place,
          "settings.timezone_invalid",
          "error",
          cellText(value),
          MESSAGES["settings.timezone_invalid"](cellText(value)),
        ),
      );
      continue;
    }
    for (const bad of bads) {
      problems.push(
        problem(
          place,
          "settings.invalid",
          "error",
          bad.value,
          MESSAGES["settings.invalid"](def, bad.value, bad.fallback),
        ),
      );
    }
  }
  // A default zone erased by mistake would move every meeting that relies on it
  // as surely as a typo; the last good one stays until one is written again.
  if (!zoneWritten && lastGood !== undefined && lastGood.timezone !== settings.timezone) {
    settings.timezone = lastGood.timezone;
    const def = SETTINGS_KEYS.find((d) => d.key === "timezone");
    const row = seen.get("timezone") ?? null;
    if (def) {
      problems.push(
        problem(
          { tab: found.title, row, column: row === null ? null : valueHeader },
          "settings.last_good",
          "warning",
          null,
          MESSAGES["settings.last_good"](def, "", lastGood.timezone),
        ),
      );
    }
  }
  if (settings.sender === null && lastGood?.sender != null && badSender === null) {
    // An erased sender would stop all mail; the last good one stays until it is back.
    settings.sender = lastGood.sender;
    const def = SETTINGS_KEYS.find((d) => d.key === "sender");
    if (def) {
      problems.push(
        problem(
          senderPlace,
          "settings.last_good",
          "warning",
          null,
          MESSAGES["settings.last_good"](def, "", lastGood.sender),
        ),
      );
    }
  }
  if (settings.sender === null) problems.push(senderMissingProblem(senderPlace, badSender));
  return { settings, layout, zoneUsable };
}

/** No usable sender address: no email can be composed, so the plan sends nothing. */
export function senderMissingProblem(place: Place, value: string | null): Problem {
  return problem(
    place,
    "settings.sender_missing",
    "error",
    value,
    MESSAGES["settings.sender_missing"](value),
  );
}

/** Sets one setting from its cell; returns the values it could not use and what was used instead. */
function applySetting(
  settings: Settings,
  def: SettingDef,
  cell: Cell,
): { value: string; fallback: string }[] {
  const text = cellText(cell);
  if (fieldText(cell) === "") return [];
  const bad = (fallback: string) => [{ value: text, fallback }];
  switch (def.key) {
    case "sender":
    case "reply_to": {
      const email = parseEmail(cell);
      if (email === null) return bad("");
      settings[def.key] = email;
      return [];
    }
    case "network_name_ar":
    case "network_name_en":
      settings[def.key] = textOrNull(cell);
      return [];
    case "timezone": {
      const zone = parseTimeZone(cell);
      if (zone === null) return bad(settings.timezone);
      settings.timezone = zone;
      return [];
    }
    case "reminder_hours": {
      const hours = typeof cell === "number" ? cell : Number(fieldText(cell));
      if (!Number.isFinite(hours) || hours <= 0 || hours > MAX_REMINDER_HOURS) {
        return bad(String(settings.reminder_hours));
      }
      settings.reminder_hours = hours;
      return [];
    }
    case "digest_minutes": {
      // 0 is allowed: a digest at every change, as before the interval existed.
      const minutes = typeof cell === "number" ? cell : Number(fieldText(cell));
      if (!Number.isFinite(minutes) || minutes < 0 || minutes > MAX_DIGEST_MINUTES) {
        return bad(String(settings.digest_minutes));
      }
      settings.digest_minutes = minutes;
      return [];
    }
    case "staff_emails": {
      const problems: { value: string; fallback: string }[] = [];
      for (const item of splitList(cell)) {
        const email = parseEmail(item);
        if (email === null) problems.push({ value: item, fallback: "" });
        else if (!settings.staff_emails.includes(email)) settings.staff_emails.push(email);
      }
      return problems;
    }
    case "public_url": {
      const url = parseUrl(cell);
      if (url === null) return bad("");
      settings.public_url = url;
      return [];
    }
    case "summary_to": {
      const choice = parseChoice(cell, def.choices ?? []);
      if (choice !== "invited" && choice !== "accepted") return bad(settings.summary_to);
      settings.summary_to = choice;
      return [];
    }
    case "follow_up_days": {
      const days = typeof cell === "number" ? cell : Number(fieldText(cell));
      if (!Number.isFinite(days) || days <= 0 || days > MAX_FOLLOW_UP_DAYS) return bad("");
      settings.follow_up_days = days;
      return [];
    }
    case "email_languages": {
      const choice = parseChoice(cell, def.choices ?? [], EMAIL_LANGUAGE_SYNONYMS);
      if (choice !== "both" && choice !== "ar" && choice !== "en") {
        return bad(settings.email_languages);
      }
      settings.email_languages = choice;
      return [];
    }
  }
}
