import { describe, expect, it } from "vitest";
import { parseSheet } from "../../../src/sheet/parse.ts";
import type { Cell, Grid, Workbook } from "../../../src/sheet/types.ts";

const CONTACTS: Grid = [
  ["Organization", "Name", "Email", "Language", "Groups", "Active"],
  ["UNDP", "Rima Haddad", "rima@undp.org", "en", "UN agencies"],
  ["Bahar", "Omar", "omar@bahar.org", "ar", "Partners, شركاء"],
  ["Old", "Gone", "gone@old.org", "ar", "Partners", "no"],
];

const SETTINGS: Grid = [
  ["Setting", "Value"],
  ["Sender address", "secretariat@network.org"],
];

const HEADERS = [
  "ID",
  "Title (Arabic)",
  "Title (English)",
  "Date",
  "Start",
  "End",
  "Invite",
  "Status",
  "Sync status",
];

/** A workbook with the given meeting rows under HEADERS, plus contacts. */
function book(rows: readonly (readonly Cell[])[], extra: Workbook = {}): Workbook {
  return { Meetings: [HEADERS, ...rows], Contacts: CONTACTS, Settings: SETTINGS, ...extra };
}

/** A Settings tab holding only `rows` (setting, value) under its header. */
function settingsWith(...rows: [string, Cell][]): Workbook {
  return { Settings: [["Setting", "Value"], ...rows] };
}

/** A scheduled Meetings row with no time zone of its own. */
const SCHEDULED_NO_ZONE = ["", "x", "", "2026/12/10", "10:00", "", "Partners", "scheduled"];

function codes(workbook: Workbook) {
  return parseSheet(workbook).problems.map((p) => p.code);
}

describe("finding tabs and columns", () => {
  it("reads Arabic tab names and Arabic headers in shuffled order", () => {
    const parsed = parseSheet({
      الاجتماعات: [
        ["الحالة", "المدعوون", "التاريخ", "العنوان", "المعرف"],
        ["مؤكد", "شركاء", "2019/05/16", "لقاء مع أوتشا", "m-1"],
      ],
      "جهات الاتصال": CONTACTS,
    });
    expect(parsed.meetings).toMatchObject([
      { id: "m-1", title_ar: "لقاء مع أوتشا", date: "2019-05-16", status: "scheduled" },
    ]);
  });

  it("matches headers written with tatweel, diacritics and odd spacing", () => {
    const parsed = parseSheet({
      " الاجتماعات ": [
        ["  العـنـوان ", "التَّارِيخ", "الحالة"],
        ["ورشة", "2019/05/16", "منعقد"],
      ],
    });
    expect(parsed.meetings[0]).toMatchObject({
      title_ar: "ورشة",
      date: "2019-05-16",
      status: "held",
    });
  });

  it("leaves unknown columns alone", () => {
    const parsed = parseSheet({
      Meetings: [
        ["Notes", "Title (English)", "Date", "Status"],
        ["call back", "Briefing", "2019/05/16", "held"],
      ],
    });
    expect(parsed.meetings).toHaveLength(1);
    expect(parsed.layout.meetings?.columns).toEqual({ title_en: 1, date: 2, status: 3 });
  });

  it("reports a missing required column once, and rejects the rows without a problem each", () => {
    const parsed = parseSheet({
      Meetings: [
        ["ID", "Title (English)", "Status"],
        ["a", "One", "held"],
        ["b", "Two", "held"],
      ],
    });
    expect(parsed.problems.filter((p) => p.code === "column.missing")).toEqual([
      expect.objectContaining({ tab: "Meetings", column: "Date", severity: "error" }),
    ]);
    expect(parsed.problems.filter((p) => p.row !== null && p.row > 1)).toEqual([]);
    expect(parsed.rejected).toEqual([
      { row: 2, id: "a" },
      { row: 3, id: "b" },
    ]);
  });

  it("accepts an English title column without an Arabic one", () => {
    expect(
      codes({
        Meetings: [
          ["Title (English)", "Date", "Status"],
          ["x", "", "draft"],
        ],
      }),
    ).not.toContain("column.missing");
  });

  it("reports a missing Meetings tab as an error", () => {
    const parsed = parseSheet({ Contacts: CONTACTS });
    expect(parsed.layout.meetings).toBeNull();
    expect(parsed.problems).toContainEqual(
      expect.objectContaining({ code: "tab.missing", tab: "Meetings", severity: "error" }),
    );
  });

  it("reads ragged rows whose trailing cells were dropped", () => {
    const parsed = parseSheet(
      book([["", "موجز"], [], ["", "لقاء", "", "2019/05/16", "", "", "", "held"]]),
    );
    expect(parsed.meetings.map((m) => m.row)).toEqual([2, 4]);
    expect(parsed.meetings[0]).toMatchObject({ date: null, status: "draft", start: null });
  });
});

describe("rules by status", () => {
  it("needs a date for a scheduled meeting", () => {
    expect(codes(book([["", "x", "", "", "", "", "Partners", "scheduled"]]))).toEqual([
      "date.missing",
    ]);
  });

  it("lets a held meeting have no date", () => {
    const parsed = parseSheet(book([["", "x", "", "", "", "", "", "held"]]));
    expect(parsed.meetings[0]).toMatchObject({ status: "held", date: null });
  });

  it("treats a blank status as draft", () => {
    expect(parseSheet(book([["", "x"]])).meetings[0]?.status).toBe("draft");
  });

  it("rejects an unknown status", () => {
    const parsed = parseSheet(book([["", "x", "", "2019/05/16", "", "", "", "postponed"]]));
    expect(parsed.problems.map((p) => p.code)).toEqual(["status.unknown"]);
    expect(parsed.rejected).toEqual([{ row: 2, id: null }]);
  });

  it("rejects a row with no title", () => {
    expect(codes(book([["a", "", "", "2019/05/16", "", "", "", "draft"]]))).toEqual([
      "title.missing",
    ]);
  });

  it("rejects an end time before the start", () => {
    expect(codes(book([["", "x", "", "2019/05/16", "14:00", "10 ص", "", "draft"]]))).toEqual([
      "time.end_before_start",
    ]);
  });

  it("rejects an end time without a start", () => {
    expect(codes(book([["", "x", "", "2019/05/16", "", "10:00", "", "draft"]]))).toEqual([
      "time.end_without_start",
    ]);
  });
});

describe("invite lists", () => {
  it("names groups in either script and addresses, split on Arabic commas", () => {
    const parsed = parseSheet(
      book([["", "x", "", "2019/05/16", "", "", "شركاء، rima@UNDP.org", "scheduled"]]),
    );
    expect(parsed.meetings[0]?.invite).toEqual([
      { type: "group", name: "شركاء" },
      { type: "email", email: "rima@undp.org" },
    ]);
  });

  it("matches a group name in any case", () => {
    const parsed = parseSheet(
      book([["", "x", "", "2019/05/16", "", "", "un AGENCIES", "scheduled"]]),
    );
    expect(parsed.meetings[0]?.invite).toEqual([{ type: "group", name: "UN agencies" }]);
  });

  it("resolves a contact named by name to their address", () => {
    const parsed = parseSheet(
      book([["", "x", "", "2019/05/16", "", "", "Rima Haddad", "scheduled"]]),
    );
    expect(parsed.meetings[0]?.invite).toEqual([{ type: "email", email: "rima@undp.org" }]);
  });

  it("invites the rest of the list when a scheduled meeting names an unknown group", () => {
    const parsed = parseSheet(
      book([["", "x", "", "2019/05/16", "", "", "Partners, Donors", "scheduled"]]),
    );
    expect(parsed.problems).toEqual([
      expect.objectContaining({
        code: "invite.group_unknown",
        value: "Donors",
        severity: "warning",
        message: {
          en: 'No contact is in a group called "Donors", so nobody is invited through it; the others in the list are. Check the spelling against the Groups column of the Contacts tab.',
          ar: "لا توجد جهة اتصال في مجموعة باسم «Donors»، فلن يُدعى أحد من خلالها؛ أما البقية في القائمة فيُدعون. قارن الإملاء بعمود المجموعات في ورقة جهات الاتصال.",
        },
      }),
    ]);
    expect(parsed.meetings[0]?.invite).toEqual([{ type: "group", name: "Partners" }]);
  });

  it("invites the rest of the list when an address in it has a typo", () => {
    const parsed = parseSheet(
      book([
        ["", "x", "", "2019/05/16", "", "", "yara.haddad@example, rima@undp.org", "scheduled"],
      ]),
    );
    expect(parsed.problems).toEqual([
      expect.objectContaining({
        code: "invite.email_invalid",
        column: "Invite",
        value: "yara.haddad@example",
        severity: "warning",
        message: {
          en: '"yara.haddad@example" in the invite list is not an email address, so it is not invited; the others in the list are. Correct it, or write a group name from the Contacts tab.',
          ar: "«yara.haddad@example» في قائمة المدعوين ليس عنوان بريد إلكتروني، فلن يُدعى؛ أما البقية في القائمة فيُدعون. صحّحه أو اكتب اسم مجموعة من ورقة جهات الاتصال.",
        },
      }),
    ]);
    expect(parsed.meetings[0]?.invite).toEqual([{ type: "email", email: "rima@undp.org" }]);
  });

  it("rejects a scheduled meeting whose every entry is a typo, and does not claim others are invited", () => {
    const parsed = parseSheet(
      book([["", "x", "", "2019/05/16", "", "", "yara.haddad@example; Donors", "scheduled"]]),
    );
    expect(parsed.problems.map((p) => [p.code, p.severity])).toEqual([
      ["invite.email_invalid", "warning"],
      ["invite.group_unknown", "warning"],
      ["invite.none", "error"],
    ]);
    expect(parsed.problems[0]?.message.en).not.toContain("the others");
    expect(parsed.problems[1]?.message.ar).not.toContain("البقية");
    expect(parsed.meetings).toEqual([]);
  });

  it("counts an inactive contact beside a typo as nobody reached", () => {
    expect(
      codes(book([["", "x", "", "2019/05/16", "", "", "gone@old.org, Donrs", "scheduled"]])),
    ).toEqual(["invite.contact_inactive", "invite.group_unknown", "invite.none"]);
  });

  it("only warns about an unknown group on a draft", () => {
    const parsed = parseSheet(book([["", "x", "", "2019/05/16", "", "", "Donors", "draft"]]));
    expect(parsed.problems).toEqual([
      expect.objectContaining({ code: "invite.group_unknown", severity: "warning" }),
    ]);
    expect(parsed.meetings).toHaveLength(1);
  });

  it("rejects a scheduled meeting with nobody to invite", () => {
    expect(codes(book([["", "x", "", "2019/05/16", "", "", "", "scheduled"]]))).toEqual([
      "invite.none",
    ]);
  });

  it("counts only active contacts as invitees", () => {
    expect(codes(book([["", "x", "", "2019/05/16", "", "", "gone@old.org", "scheduled"]]))).toEqual(
      ["invite.contact_inactive", "invite.none"],
    );
  });

  it("warns about an address that is not in Contacts, and still invites it", () => {
    const parsed = parseSheet(
      book([["", "x", "", "2019/05/16", "", "", "new@ngo.org", "scheduled"]]),
    );
    expect(parsed.problems.map((p) => [p.code, p.severity])).toEqual([
      ["invite.contact_unknown", "warning"],
    ]);
    expect(parsed.meetings).toHaveLength(1);
  });
});

describe("IDs", () => {
  it("rejects every row sharing an ID, naming the other rows", () => {
    const parsed = parseSheet(
      book([
        ["M1", "a", "", "", "", "", "", "held"],
        ["m1 ", "b", "", "", "", "", "", "held"],
      ]),
    );
    expect(parsed.rejected).toEqual([
      { row: 2, id: "M1" },
      { row: 3, id: "m1" },
    ]);
    expect(parsed.problems[0]?.message.en).toContain("row 3");
  });

  it("proposes a short readable ID from the date for a blank ID", () => {
    const parsed = parseSheet(book([["", "لقاء", "", "2019/05/16", "", "", "", "held"]]));
    expect(parsed.meetings[0]).toMatchObject({
      id_proposed: true,
      id: expect.stringMatching(/^2019-05-16-[0-9a-z]{4}$/),
    });
  });

  it("proposes the same ID on every run", () => {
    const sheet = book([["", "لقاء", "", "2019/05/16", "", "", "", "held"]]);
    expect(parseSheet(sheet).meetings[0]?.id).toBe(parseSheet(sheet).meetings[0]?.id);
  });

  it("proposes different IDs for identical rows", () => {
    const row = ["", "لقاء", "", "2019/05/16", "", "", "", "held"];
    const ids = parseSheet(book([row, row])).meetings.map((m) => m.id);
    expect(new Set(ids).size).toBe(2);
  });

  it("never proposes an ID used before", () => {
    const sheet = book([["", "لقاء", "", "2019/05/16", "", "", "", "held"]]);
    const first = parseSheet(sheet).meetings[0]!.id;
    const again = parseSheet(sheet, { existingIds: new Set([first]) }).meetings[0]!.id;
    expect(again).not.toBe(first);
  });

  it("never proposes an ID another row holds", () => {
    const first = parseSheet(book([["", "لقاء", "", "2019/05/16", "", "", "", "held"]]))
      .meetings[0]!.id;
    const parsed = parseSheet(
      book([
        ["", "لقاء", "", "2019/05/16", "", "", "", "held"],
        [first, "other", "", "", "", "", "", "held"],
      ]),
    );
    expect(parsed.meetings.map((m) => m.id)).not.toContain(undefined);
    expect(parsed.meetings[0]!.id).not.toBe(first);
  });
});

describe("Liqaa's own columns", () => {
  const noId: Workbook = {
    Meetings: [
      ["Title (English)", "Date", "Status", "Sync status"],
      ["x", "2026/12/10", "draft"],
    ],
  };

  it("a Meetings tab without an ID column is one error on the tab that says to add it", () => {
    const found = parseSheet(noId).problems.filter((p) => p.code === "column.id_missing");
    expect(found).toEqual([
      expect.objectContaining({
        tab: "Meetings",
        row: 1,
        severity: "error",
        message: {
          en: expect.stringContaining('Add a column headed "ID" or "المعرف"'),
          ar: expect.stringContaining("أضف عمودًا عنوانه «المعرف»"),
        },
      }),
    ]);
  });

  it("a Meetings tab without an ID column still reads its meetings for the feed", () => {
    expect(parseSheet(noId).meetings).toHaveLength(1);
  });

  it("a Meetings tab without a Sync status column is a warning", () => {
    const wb: Workbook = {
      Meetings: [
        ["ID", "Title (English)", "Date", "Status"],
        ["m1", "x", "", "draft"],
      ],
    };
    const found = parseSheet(wb).problems.filter((p) => p.tab === "Meetings");
    expect(found).toEqual([
      expect.objectContaining({ code: "column.sync_missing", severity: "warning" }),
    ]);
  });
});

describe("time zones and settings", () => {
  it("uses Europe/Istanbul when Settings names no zone", () => {
    expect(parseSheet(book([["", "x"]])).meetings[0]?.timezone).toBe("Europe/Istanbul");
  });

  it("uses the Settings default zone, matched by its Arabic name", () => {
    const parsed = parseSheet({
      Meetings: [HEADERS, ["", "x"]],
      الإعدادات: [
        ["الإعداد", "القيمة"],
        ["المنطقة الزمنية الافتراضية", "Asia/Damascus"],
      ],
    });
    expect(parsed.meetings[0]?.timezone).toBe("Asia/Damascus");
  });

  it("reads Settings without a header row", () => {
    const parsed = parseSheet(
      book([], {
        Settings: [
          ["Sender address", "Secretariat@Network.ORG"],
          ["Reminder lead time (hours)", 48],
        ],
      }),
    );
    expect(parsed.settings).toMatchObject({
      sender: "Secretariat@network.org",
      reminder_hours: 48,
    });
  });

  it("reports an unusable setting and keeps its default", () => {
    const parsed = parseSheet(book([], settingsWith(["Reminder lead time (hours)", "soon"])));
    expect(parsed.settings.reminder_hours).toBe(24);
    expect(parsed.problems).toContainEqual(
      expect.objectContaining({ code: "settings.invalid", row: 2, column: "Value" }),
    );
  });

  it("rejects a row with an unknown time zone and suggests the full name", () => {
    const wb: Workbook = {
      Meetings: [
        ["Title (English)", "Date", "Status", "Time zone"],
        ["x", "", "draft", "Istanbul"],
      ],
    };
    const [p] = parseSheet(wb).problems.filter((q) => q.code === "timezone.invalid");
    expect(p?.message.en).toContain("Europe/Istanbul");
  });
});

describe("Settings that went bad after a good sync", () => {
  const lastGood = parseSheet(
    book(
      [],
      settingsWith(["Default time zone", "Asia/Damascus"], ["Reminder lead time (hours)", 48]),
    ),
  ).settings;
  const badZone = settingsWith(["Default time zone", "Asia/Damscus"]);
  const scheduled = SCHEDULED_NO_ZONE;

  it("a mistyped default zone keeps the last good zone for meetings without one", () => {
    const parsed = parseSheet(book([scheduled], badZone), { lastGoodSettings: lastGood });
    expect(parsed.meetings.map((m) => m.timezone)).toEqual(["Asia/Damascus"]);
  });

  it("a mistyped default zone kept from the last good sync is a warning in both languages", () => {
    const parsed = parseSheet(book([scheduled], badZone), { lastGoodSettings: lastGood });
    const warning = parsed.problems.find((p) => p.code === "settings.last_good");
    expect(warning).toMatchObject({
      severity: "warning",
      value: "Asia/Damscus",
      message: {
        en: expect.stringContaining('"Asia/Damascus" from the last good sync is kept'),
        ar: expect.stringContaining("«Asia/Damascus» من آخر مزامنة ناجحة"),
      },
    });
  });

  it("an erased default zone keeps the last good zone", () => {
    const erased = { Settings: [["Setting", "Value"], ["Default time zone"]] };
    const parsed = parseSheet(book([scheduled], erased), { lastGoodSettings: lastGood });
    expect(parsed.meetings[0]?.timezone).toBe("Asia/Damascus");
  });

  it("a missing Settings tab keeps every last good setting", () => {
    const { Settings: _gone, ...noSettings } = book([scheduled]);
    const parsed = parseSheet(noSettings, { lastGoodSettings: lastGood });
    expect(parsed.settings).toMatchObject({ timezone: "Asia/Damascus", reminder_hours: 48 });
    expect(parsed.problems.map((p) => p.code)).toContain("settings.last_good");
  });

  it("an unusable value of another setting keeps its last good value", () => {
    const badHours = {
      Settings: [
        ["Setting", "Value"],
        ["Reminder lead time (hours)", "soon"],
      ],
    };
    const parsed = parseSheet(book([], badHours), { lastGoodSettings: lastGood });
    expect(parsed.settings.reminder_hours).toBe(48);
  });
});

describe("the sender address", () => {
  const withSender = (value: Cell): Workbook => ({
    Settings: [
      ["Setting", "Value"],
      ["Sender address", value],
    ],
  });

  it("blank is an error in both languages that says nothing is sent", () => {
    const found = parseSheet(book([], withSender(""))).problems.find(
      (p) => p.code === "settings.sender_missing",
    );
    expect(found).toMatchObject({
      severity: "error",
      row: 2,
      message: {
        en: expect.stringContaining("nothing is sent"),
        ar: expect.stringContaining("لن يُرسل شيء"),
      },
    });
  });

  it("not an address is the same error, with the value", () => {
    const found = parseSheet(book([], withSender("secretariat"))).problems.filter(
      (p) => p.severity === "error",
    );
    expect(found).toEqual([
      expect.objectContaining({ code: "settings.sender_missing", value: "secretariat" }),
    ]);
  });

  it("missing with the whole Settings tab is the same error", () => {
    const { Settings: _gone, ...noSettings } = book([]);
    expect(parseSheet(noSettings).problems.map((p) => p.code)).toContain("settings.sender_missing");
  });

  it("erased after a good sync keeps the last good sender, with a warning", () => {
    const lastGood = parseSheet(book([])).settings;
    const parsed = parseSheet(book([], withSender("")), { lastGoodSettings: lastGood });
    expect(parsed.settings.sender).toBe("secretariat@network.org");
    expect(parsed.problems.map((p) => `${p.severity} ${p.code}`)).toContain(
      "warning settings.last_good",
    );
  });
});

describe("a mistyped default zone on the first sync", () => {
  const badZone = settingsWith(["Default time zone", "Gaziantep"]);
  const noZone = SCHEDULED_NO_ZONE;

  it("is an error on the Settings row", () => {
    const parsed = parseSheet(book([], badZone));
    expect(parsed.problems).toContainEqual(
      expect.objectContaining({ code: "settings.timezone_invalid", severity: "error", row: 2 }),
    );
  });

  it("rejects every dated meeting that relies on the default", () => {
    const parsed = parseSheet(book([noZone], badZone));
    expect(parsed.meetings).toEqual([]);
    expect(parsed.rejected).toEqual([{ row: 2, id: null }]);
    expect(parsed.problems.map((p) => p.code)).toContain("timezone.no_default");
  });

  it("lets a meeting with its own zone through", () => {
    const wb: Workbook = {
      ...badZone,
      Meetings: [
        ["Title (English)", "Date", "Status", "Time zone"],
        ["x", "2026/12/10", "draft", "Asia/Damascus"],
      ],
    };
    expect(parseSheet(wb).meetings.map((m) => m.timezone)).toEqual(["Asia/Damascus"]);
  });

  it("marks the Settings as not to be remembered as the last good ones", () => {
    expect(parseSheet(book([], badZone)).settingsTrusted).toBe(false);
  });
});

describe("contacts", () => {
  it("rejects a second row with the same address in another case", () => {
    const parsed = parseSheet({
      Meetings: [HEADERS],
      Settings: SETTINGS,
      Contacts: [["Email"], ["a@x.org"], ["A@X.ORG"]],
    });
    expect(parsed.contacts.map((c) => c.row)).toEqual([2]);
    expect(parsed.problems).toEqual([
      expect.objectContaining({
        code: "contact.email_duplicate",
        row: 3,
        column: "Email",
        value: "A@X.ORG",
      }),
    ]);
  });

  it("keeps the first row of each address however often and wherever it repeats", () => {
    // Repeats before and after other rows, of several addresses, three times
    // over: each row left out names the first row, and the index keeps the
    // first contact of each address, in the order the addresses first appear.
    const parsed = parseSheet({
      Meetings: [HEADERS],
      Settings: SETTINGS,
      Contacts: [
        ["Email", "Name", "Groups"],
        ["a@x.org", "First A", "g1"],
        ["b@x.org", "First B", "g1"],
        ["A@x.org", "Second A", "g2"],
        ["c@x.org", "First C", "g2"],
        ["b@X.org", "Second B", "g1"],
        ["d@x.org", "First D", "g1"],
        ["a@X.ORG", "Third A", "g1"],
        ["d@x.org", "Second D", "g2"],
      ],
    });
    expect(parsed.contacts.map((c) => [c.row, c.name])).toEqual([
      [2, "First A"],
      [3, "First B"],
      [5, "First C"],
      [7, "First D"],
    ]);
    expect(
      [...(parsed.contactIndex?.byEmail ?? [])].map(([key, contact]) => [key, contact.row]),
    ).toEqual([
      ["a@x.org", 2],
      ["b@x.org", 3],
      ["c@x.org", 5],
      ["d@x.org", 7],
    ]);
    expect(parsed.problems.map((p) => [p.code, p.row, p.message.en])).toEqual(
      [
        [4, "A@x.org", 2],
        [6, "b@x.org", 3],
        [8, "a@x.org", 2],
        [9, "d@x.org", 7],
      ].map(([row, email, first]) => [
        "contact.email_duplicate",
        row,
        `"${email}" is already on row ${first}; this row is left out. Keep one row per address.`,
      ]),
    );
    // The rows left out invite nobody: g2's only member is the first C.
    expect(parsed.contactIndex?.byGroup.get("g2")?.map((m) => m.email)).toEqual(["c@x.org"]);
  });

  it("reads Arabic language words and checkbox values", () => {
    const parsed = parseSheet({
      Meetings: [HEADERS],
      "جهات الاتصال": [
        ["البريد الإلكتروني", "اللغة", "فعال"],
        ["a@x.org", "الإنجليزية", false],
      ],
    });
    expect(parsed.contacts[0]).toMatchObject({ language: "en", active: false });
  });
});

describe("problems", () => {
  it("name the tab, the row, the header as written, the value, and what to do in both languages", () => {
    const parsed = parseSheet({
      الاجتماعات: [
        ["العنوان", "التاريخ ", "الحالة"],
        ["x", "2019/02/30", "مسودة"],
      ],
    });
    const problem = parsed.problems.find((p) => p.code === "date.impossible");
    expect(problem).toEqual({
      tab: "الاجتماعات",
      row: 2,
      column: "التاريخ",
      value: "2019/02/30",
      code: "date.impossible",
      severity: "error",
      message: {
        en: expect.stringContaining("Correct the date"),
        ar: expect.stringContaining("صحّح التاريخ"),
      },
    });
  });
});

describe("a blank Status", () => {
  const blank = ["M-7", "لقاء", "", "2026/12/10", "10:00", "", "Partners", ""];

  it("is a draft on a meeting nobody was invited to", () => {
    const parsed = parseSheet(book([blank]), { existingIds: new Set(["m-7"]) });
    expect(parsed.meetings).toMatchObject([{ id: "M-7", status: "draft" }]);
    expect(parsed.problems).toEqual([]);
  });

  it("is an error on a meeting someone is invited to: the row is rejected, never a draft", () => {
    const parsed = parseSheet(book([blank]), {
      existingIds: new Set(["m-7"]),
      invitedIds: new Set(["m-7"]),
    });
    expect(parsed.meetings).toEqual([]);
    expect(parsed.rejected).toEqual([{ row: 2, id: "M-7" }]);
    expect(parsed.problems).toEqual([
      expect.objectContaining({
        code: "status.blank_invited",
        severity: "error",
        row: 2,
        column: "Status",
        message: {
          en: expect.stringContaining("type cancelled / ملغى"),
          ar: expect.stringContaining("اكتب ملغى / cancelled"),
        },
      }),
    ]);
  });

  it("is no error once a status is written", () => {
    const parsed = parseSheet(book([[...blank.slice(0, 7), "ملغى"]]), {
      invitedIds: new Set(["m-7"]),
    });
    expect(parsed.meetings).toMatchObject([{ id: "M-7", status: "cancelled" }]);
  });
});
