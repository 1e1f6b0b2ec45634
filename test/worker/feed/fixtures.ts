// Parsed sheets for the feed tests: a valid meeting with every field set, changed per
// test, and a sheet around it with contacts whose addresses must never be published.
import type { Contact, Meeting, ParsedSheet, Settings } from "../../../src/sheet/types.ts";

export function meeting(overrides: Partial<Meeting> = {}): Meeting {
  return {
    id: "M-0001",
    id_proposed: false,
    row: 2,
    title_ar: "مشاورات حول خطة الاستجابة",
    title_en: "Consultation on the response plan",
    date: "2026-01-15",
    date_end: null,
    start: "10:00",
    end: "12:00",
    timezone: "Europe/Istanbul",
    location: "Gaziantep, OCHA office",
    online_url: "https://meet.example.org/secret-room",
    organization: "OCHA",
    counterpart: "Head of Office",
    kind: "consultation",
    invite: [
      { type: "group", name: "Members" },
      { type: "email", email: "guest@partner.example" },
    ],
    agenda: "1. Needs\n2. Funding",
    status: "scheduled",
    publish: true,
    summary_ar: null,
    summary_en: null,
    ...overrides,
  };
}

export function contact(overrides: Partial<Contact> = {}): Contact {
  return {
    row: 2,
    organization: "Hope NGO",
    name: "Rania Haddad",
    email: "rania@hope.example",
    language: "ar",
    groups: ["Members"],
    active: true,
    ...overrides,
  };
}

export function settings(overrides: Partial<Settings> = {}): Settings {
  return {
    sender: "secretariat@network.example",
    reply_to: null,
    network_name_ar: "شبكة المنظمات السورية",
    network_name_en: "Syrian NGO Network",
    timezone: "Europe/Istanbul",
    reminder_hours: 24,
    digest_minutes: 15,
    staff_emails: ["staff@network.example"],
    public_url: "https://network.example",
    summary_to: "invited",
    email_languages: "both",
    ...overrides,
  };
}

export function sheet(meetings: Meeting[], contacts: Contact[] = [contact()]): ParsedSheet {
  return {
    meetings,
    rejected: [],
    contacts,
    settings: settings(),
    problems: [],
    layout: { meetings: null, contacts: null, settings: null },
  };
}

/** A YYYY-MM-DD some days from now, for upcoming/past tests that run on any date. */
export function daysFromNow(days: number, now = Date.now()): string {
  return new Date(now + days * 86400_000).toISOString().slice(0, 10);
}
