// What can be wrong in a sheet, said in Arabic and English in words staff can
// act on: each message names what is wrong and what to do. The codes are
// stable; the sync, the Sync log and the validator print these as they are.

import { shorten } from "./text.ts";
import type { Bilingual, Problem, ProblemSeverity } from "./types.ts";

/** Where a problem is: the tab and row as the sheet shows them, the header as written. */
export interface Place {
  tab: string;
  row: number | null;
  column: string | null;
}

export function problem(
  place: Place,
  code: string,
  severity: ProblemSeverity,
  value: string | null,
  message: Bilingual,
): Problem {
  return {
    tab: place.tab,
    row: place.row,
    column: place.column,
    value: value === null ? null : shorten(value),
    code,
    severity,
    message,
  };
}

const q = (text: string) => `"${shorten(text, 60)}"`;
const qa = (text: string) => `«${shorten(text, 60)}»`;

/** The catalogue of messages, by code. */
export const MESSAGES = {
  "tab.missing": (en: string, ar: string): Bilingual => ({
    en: `There is no "${en}" tab. Add a tab named "${en}" or "${ar}".`,
    ar: `لا توجد ورقة «${ar}». أضف ورقة باسم «${ar}» أو "${en}".`,
  }),
  "tab.duplicate": (title: string, used: string): Bilingual => ({
    en: `The tab ${q(title)} repeats the tab ${q(used)}; only ${q(used)} is read. Merge them or rename one.`,
    ar: `الورقة ${qa(title)} تكرار للورقة ${qa(used)}؛ تُقرأ ${qa(used)} فقط. ادمجهما أو غيّر اسم إحداهما.`,
  }),
  "column.missing": (en: string, ar: string): Bilingual => ({
    en: `The column "${en}" is missing, so no row of this tab can be used. Add a column headed "${en}" or "${ar}" in row 1.`,
    ar: `العمود «${ar}» غير موجود، لذا لا يمكن استخدام أي صف في هذه الورقة. أضف عمودًا عنوانه «${ar}» أو "${en}" في الصف الأول.`,
  }),
  "column.duplicate": (header: string): Bilingual => ({
    en: `Two columns are headed ${q(header)}; only the first is read. Delete or rename the other.`,
    ar: `يوجد عمودان بعنوان ${qa(header)}؛ يُقرأ الأول فقط. احذف الآخر أو غيّر عنوانه.`,
  }),
  "title.missing": (): Bilingual => ({
    en: "The meeting has no title. Write a title in Arabic or in English.",
    ar: "الاجتماع بلا عنوان. اكتب عنوانًا بالعربية أو بالإنجليزية.",
  }),
  "date.invalid": (value: string): Bilingual => ({
    en: `${q(value)} is not a date Liqaa can read. Write it like 2019/05/16, 16/05/2019 or 2019/11/18-19.`,
    ar: `${qa(value)} ليس تاريخًا يمكن قراءته. اكتبه هكذا: 2019/05/16 أو 16/05/2019 أو 2019/11/18-19.`,
  }),
  "date.impossible": (value: string): Bilingual => ({
    en: `${q(value)} is not a day in the calendar (check the day and the month). Correct the date.`,
    ar: `${qa(value)} ليس يومًا موجودًا في التقويم (تحقق من اليوم والشهر). صحّح التاريخ.`,
  }),
  "date.out_of_range": (value: string): Bilingual => ({
    en: `${q(value)} has a year or a length that cannot be right. Check the year, and that a range is at most two months.`,
    ar: `${qa(value)} فيه سنة أو مدة غير معقولة. تحقق من السنة، ومن أن المدة لا تزيد على شهرين.`,
  }),
  "date.missing": (): Bilingual => ({
    en: "A scheduled meeting needs a date. Write the date, or set the status to draft.",
    ar: "الاجتماع المؤكد يحتاج إلى تاريخ. اكتب التاريخ أو اجعل الحالة مسودة.",
  }),
  "time.invalid": (value: string): Bilingual => ({
    en: `${q(value)} is not a time Liqaa can read. Write it like 10:00, 14:30 or 2 م; leave it blank for all day.`,
    ar: `${qa(value)} ليس وقتًا يمكن قراءته. اكتبه هكذا: 10:00 أو 14:30 أو 2 م؛ اتركه فارغًا ليوم كامل.`,
  }),
  "time.end_before_start": (start: string, end: string): Bilingual => ({
    en: `The meeting ends (${end}) before or when it starts (${start}). Correct the start or the end time.`,
    ar: `ينتهي الاجتماع (${end}) قبل أن يبدأ (${start}) أو عند بدئه. صحّح وقت البدء أو الانتهاء.`,
  }),
  "time.end_without_start": (): Bilingual => ({
    en: "There is an end time but no start time. Write the start time, or clear the end time for an all-day meeting.",
    ar: "يوجد وقت انتهاء بلا وقت بدء. اكتب وقت البدء، أو امسح وقت الانتهاء لاجتماع يستغرق اليوم كله.",
  }),
  "timezone.invalid": (value: string, suggestion: string | null): Bilingual => ({
    en: `${q(value)} is not a time zone name. ${suggestion ? `Did you mean ${suggestion}? ` : ""}Write a name like Europe/Istanbul or Asia/Damascus, or leave it blank for the default.`,
    ar: `${qa(value)} ليس اسم منطقة زمنية. ${suggestion ? `هل تقصد ${suggestion}؟ ` : ""}اكتب اسمًا مثل Europe/Istanbul أو Asia/Damascus، أو اتركه فارغًا لاستخدام القيمة الافتراضية.`,
  }),
  "url.invalid": (value: string): Bilingual => ({
    en: `${q(value)} is not a web link. Paste the full link, starting with https://.`,
    ar: `${qa(value)} ليس رابطًا صالحًا. الصق الرابط كاملًا بدءًا بـ https://.`,
  }),
  "kind.unknown": (value: string): Bilingual => ({
    en: `${q(value)} is not a meeting type; the type is left out. Choose meeting, bilateral, workshop, consultation, briefing or bilateral series.`,
    ar: `${qa(value)} ليس نوعًا معروفًا للاجتماع؛ لن يُذكر النوع. اختر: اجتماع أو ثنائي أو ورشة عمل أو مشاورات أو إحاطة أو سلسلة لقاءات ثنائية.`,
  }),
  "series.not_series": (): Bilingual => ({
    en: "Slot and Break are read only on a bilateral series; on this row they are ignored. Clear them, or set the Type to bilateral series.",
    ar: "مدة اللقاء والاستراحة تُقرآن في سلسلة اللقاءات الثنائية فقط؛ وتُتجاهلان في هذا الصف. امسحهما أو اجعل النوع سلسلة لقاءات ثنائية.",
  }),
  "series.schedule_not_series": (): Bilingual => ({
    en: "Publish schedule is read only on a bilateral series; on this row it is ignored. Clear it, or set the Type to bilateral series.",
    ar: "«نشر الجدول» يُقرأ في سلسلة اللقاءات الثنائية فقط؛ ويُتجاهل في هذا الصف. امسحه أو اجعل النوع سلسلة لقاءات ثنائية.",
  }),
  "series.schedule_unknown": (value: string): Bilingual => ({
    en: `${q(value)} is not yes or no; the series' schedule is not published until it is. Write yes or no (نعم / لا), or tick the box.`,
    ar: `${qa(value)} ليست نعم أو لا؛ لن يُنشر جدول السلسلة حتى تُصحَّح. اكتب نعم أو لا، أو ضع علامة في المربع.`,
  }),
  "series.slot_missing": (): Bilingual => ({
    en: "A bilateral series needs the length of each organisation's meeting. Write it in Slot (minutes), e.g. 45.",
    ar: "سلسلة اللقاءات الثنائية تحتاج إلى مدة لقاء كل جهة. اكتبها في «مدة اللقاء (دقائق)»، مثل 45.",
  }),
  "series.slot_invalid": (value: string): Bilingual => ({
    en: `${q(value)} is not a number of minutes for a slot. Write a whole number such as 30 or 45.`,
    ar: `${qa(value)} ليست عددًا من الدقائق لمدة اللقاء. اكتب عددًا صحيحًا مثل 30 أو 45.`,
  }),
  "series.break_invalid": (value: string): Bilingual => ({
    en: `${q(value)} is not a number of minutes for the break. Write a whole number such as 0 or 15, or leave it blank for none.`,
    ar: `${qa(value)} ليست عددًا من الدقائق للاستراحة. اكتب عددًا صحيحًا مثل 0 أو 15، أو اتركها فارغة لعدم وجود استراحة.`,
  }),
  "series.window_missing": (): Bilingual => ({
    en: "A bilateral series needs a Start and an End: the hours each day within which the organisations are met. Write both.",
    ar: "سلسلة اللقاءات الثنائية تحتاج إلى وقت بدء ووقت انتهاء: الساعات التي تُلتقى فيها الجهات كل يوم. اكتبهما.",
  }),
  "series.too_short": (fit: number, needed: number): Bilingual => ({
    en: `The window holds ${fit} slot${fit === 1 ? "" : "s"}, but ${needed} organisations are invited, so nothing is sent for this series. Lengthen the window or the range of days, shorten the slot or the break, or invite fewer organisations.`,
    ar: `يتّسع الوقت المحدد لـ${fit} من اللقاءات فقط، والجهات المدعوة ${needed}، لذا لن يُرسل شيء لهذه السلسلة. مدّد الوقت أو الأيام، أو قصّر مدة اللقاء أو الاستراحة، أو ادعُ جهات أقل.`,
  }),
  "status.unknown": (value: string): Bilingual => ({
    en: `${q(value)} is not a status. Choose draft, scheduled, cancelled or held.`,
    ar: `${qa(value)} ليست حالة معروفة. اختر: مسودة أو مؤكد أو ملغى أو منعقد.`,
  }),
  "status.blank_invited": (): Bilingual => ({
    en: "The Status is blank, but this meeting's invitations went out, so nothing is sent for it and invitees and the website keep it as it was. Write its status again (scheduled or held); to cancel it, type cancelled / ملغى.",
    ar: "الحالة فارغة، لكن دعوات هذا الاجتماع أُرسلت، لذا لن يُرسل شيء بشأنه ويبقى كما كان لدى المدعوين وعلى الموقع. اكتب حالته من جديد (مؤكد أو منعقد)؛ ولإلغائه اكتب ملغى / cancelled.",
  }),
  "status.held_future": (ends: string): Bilingual => ({
    en: `The meeting is marked held but does not end until ${ends}; its summary is not sent, and the website shows it as upcoming, until it has ended. If it has not taken place, set the status back to scheduled.`,
    ar: `الاجتماع معلَّم منعقدًا لكنه لا ينتهي قبل ${ends}؛ لن يُرسل ملخصه، ويظهر على الموقع قادمًا، حتى ينتهي. إن لم يُعقد بعد فأعد حالته إلى مؤكد.`,
  }),
  "publish.unknown": (value: string): Bilingual => ({
    en: `${q(value)} is not yes or no; the meeting is not published until it is. Write yes or no (نعم / لا), or tick the box.`,
    ar: `${qa(value)} ليست نعم أو لا؛ لن يُنشر الاجتماع حتى تُصحَّح. اكتب نعم أو لا، أو ضع علامة في المربع.`,
  }),
  // An entry that does not resolve leaves only itself out: the rest of the list is
  // still invited, and `othersInvited` says so (false when nobody else is reached).
  "invite.email_invalid": (value: string, othersInvited: boolean): Bilingual => ({
    en: `${q(value)} in the invite list is not an email address, so it is not invited${othersInvited ? "; the others in the list are" : ""}. Correct it, or write a group name from the Contacts tab.`,
    ar: `${qa(value)} في قائمة المدعوين ليس عنوان بريد إلكتروني، فلن يُدعى${othersInvited ? "؛ أما البقية في القائمة فيُدعون" : ""}. صحّحه أو اكتب اسم مجموعة من ورقة جهات الاتصال.`,
  }),
  "invite.group_unknown": (value: string, othersInvited: boolean): Bilingual => ({
    en: `No contact is in a group called ${q(value)}, so nobody is invited through it${othersInvited ? "; the others in the list are" : ""}. Check the spelling against the Groups column of the Contacts tab.`,
    ar: `لا توجد جهة اتصال في مجموعة باسم ${qa(value)}، فلن يُدعى أحد من خلالها${othersInvited ? "؛ أما البقية في القائمة فيُدعون" : ""}. قارن الإملاء بعمود المجموعات في ورقة جهات الاتصال.`,
  }),
  "invite.contact_unknown": (value: string): Bilingual => ({
    en: `${q(value)} is not in the Contacts tab; they will be written to in the default language. Add them to Contacts to choose.`,
    ar: `${qa(value)} غير موجود في ورقة جهات الاتصال؛ ستصله الرسائل باللغة الافتراضية. أضفه إلى جهات الاتصال لاختيار لغته.`,
  }),
  "invite.contact_inactive": (value: string): Bilingual => ({
    en: `${q(value)} is marked not active in Contacts, so they are not invited. Mark them active, or remove them from the list.`,
    ar: `${qa(value)} غير فعّال في ورقة جهات الاتصال، لذا لن يُدعى. اجعله فعّالًا أو احذفه من القائمة.`,
  }),
  "invite.none": (): Bilingual => ({
    en: "A scheduled meeting needs someone to invite. Write contact groups or email addresses in the Invite column.",
    ar: "الاجتماع المؤكد يحتاج إلى مدعوين. اكتب مجموعات جهات الاتصال أو عناوين البريد في عمود المدعوين.",
  }),
  "id.duplicate": (id: string, rows: readonly number[]): Bilingual => ({
    en: `The ID ${q(id)} is also on row ${rows.join(", ")}; no row with it is sent or published. Clear the ID of the row that is a copy; Liqaa gives it a new one.`,
    ar: `المعرف ${qa(id)} موجود أيضًا في الصف ${rows.join("، ")}؛ لن يُرسل أو يُنشر أي صف يحمله. امسح معرف الصف المنسوخ وسيعطيه لقاء معرفًا جديدًا.`,
  }),
  // Part of / Follows (src/sheet/links.ts): they name a meeting by the ID in its ID column.
  "link.unknown": (value: string): Bilingual => ({
    en: `No meeting in this tab has the ID ${q(value)}, so this link is not published; the meeting itself goes on. Write the ID exactly as it is in the ID column of the meeting you mean, or clear the cell.`,
    ar: `لا يوجد اجتماع في هذه الورقة معرّفه ${qa(value)}، لذا لن يُنشر هذا الربط؛ أما الاجتماع نفسه فيمضي. اكتب المعرف كما هو في عمود «المعرف» للاجتماع المقصود، أو امسح الخانة.`,
  }),
  "link.cycle": (rows: readonly number[]): Bilingual => ({
    en: `This link leads back to this meeting${rows.length > 0 ? ` through row ${rows.join(", ")}` : ""}: a meeting cannot be part of, or follow, itself. Until the loop is broken nothing is sent for its meetings, and invitees and the website keep them as they were: correct or clear the Part of or Follows cell on one of them.`,
    ar: `هذا الربط يعود إلى الاجتماع نفسه${rows.length > 0 ? ` عبر الصف ${rows.join("، ")}` : ""}: لا يكون اجتماع ضمن نفسه ولا يلي نفسه. حتى تُكسر هذه الحلقة لن يُرسل شيء بشأن اجتماعاتها، وتبقى كما كانت لدى المدعوين وعلى الموقع: صحّح أو امسح خانة «ضمن» أو «يلي» في أحدها.`,
  }),
  "contact.email_missing": (): Bilingual => ({
    en: "The contact has no email address. Write one, or delete the row.",
    ar: "جهة الاتصال بلا عنوان بريد إلكتروني. اكتب عنوانًا أو احذف الصف.",
  }),
  "contact.email_invalid": (value: string): Bilingual => ({
    en: `${q(value)} is not an email address; the contact is left out. Correct it, e.g. name@example.org.`,
    ar: `${qa(value)} ليس عنوان بريد إلكتروني؛ لن تُستخدم جهة الاتصال. صحّحه، مثل name@example.org.`,
  }),
  "contact.email_duplicate": (value: string, row: number): Bilingual => ({
    en: `${q(value)} is already on row ${row}; this row is left out. Keep one row per address.`,
    ar: `${qa(value)} موجود في الصف ${row}؛ لن يُستخدم هذا الصف. اترك صفًا واحدًا لكل عنوان.`,
  }),
  "contact.language_unknown": (value: string): Bilingual => ({
    en: `${q(value)} is not a language; Arabic is used. Write ar or en.`,
    ar: `${qa(value)} ليست لغة معروفة؛ تُستخدم العربية. اكتب ar أو en.`,
  }),
  "contact.active_unknown": (value: string): Bilingual => ({
    en: `${q(value)} is not yes or no; the contact is not invited until it is. Write yes or no (نعم / لا).`,
    ar: `${qa(value)} ليست نعم أو لا؛ لن تُدعى جهة الاتصال حتى تُصحَّح. اكتب نعم أو لا.`,
  }),
  "contact.group_invalid": (value: string): Bilingual => ({
    en: `${q(value)} looks like an email address, not a group name; it is ignored. Put addresses in the Email column.`,
    ar: `${qa(value)} يبدو عنوان بريد لا اسم مجموعة؛ سيُتجاهل. ضع العناوين في عمود البريد الإلكتروني.`,
  }),
  "settings.unknown_key": (value: string): Bilingual => ({
    en: `${q(value)} is not a setting Liqaa knows; it is ignored. Check the spelling of the name.`,
    ar: `${qa(value)} ليس إعدادًا معروفًا؛ سيُتجاهل. تحقق من إملاء الاسم.`,
  }),
  "settings.duplicate_key": (value: string, row: number): Bilingual => ({
    en: `The setting ${q(value)} is already on row ${row}; this row is ignored. Keep one row per setting.`,
    ar: `الإعداد ${qa(value)} موجود في الصف ${row}؛ سيُتجاهل هذا الصف. اترك صفًا واحدًا لكل إعداد.`,
  }),
  "settings.invalid": (name: Bilingual, value: string, fallback: string): Bilingual => ({
    en: `${q(value)} is not a valid value for "${name.en}"; ${fallback === "" ? "it is left empty" : `${fallback} is used`}. Correct the value.`,
    ar: `${qa(value)} ليست قيمة صالحة لـ«${name.ar}»؛ ${fallback === "" ? "سيُترك فارغًا" : `تُستخدم ${fallback}`}. صحّح القيمة.`,
  }),
  "settings.last_good": (name: Bilingual, value: string, kept: string): Bilingual => ({
    en: `${value === "" ? "There is no value" : `${q(value)} is not a valid value`} for "${name.en}"; ${kept === "" ? "the value of the last good sync is kept" : `${q(kept)} from the last good sync is kept`} until it is corrected. Correct the value.`,
    ar: `${value === "" ? "لا توجد قيمة" : `${qa(value)} ليست قيمة صالحة`} لـ«${name.ar}»؛ ${kept === "" ? "تبقى قيمة آخر مزامنة ناجحة" : `تبقى ${qa(kept)} من آخر مزامنة ناجحة`} حتى تُصحَّح. صحّح القيمة.`,
  }),
  "settings.follow_up_invalid": (value: string, kept: number | null): Bilingual => ({
    en: `${q(value)} is not a number of days for "Follow-up (days before)"; ${kept === null ? "no follow-up is sent" : `${kept} from the last good sync is kept`} until it is corrected. Write how many days before a meeting the follow-up goes, a number up to 60 such as 3, or leave it blank for none.`,
    ar: `${qa(value)} ليست عددًا من الأيام لـ«المتابعة (أيام قبل الموعد)»؛ ${kept === null ? "لن تُرسل أي متابعة" : `تبقى ${kept} من آخر مزامنة ناجحة`} حتى تُصحَّح. اكتب عدد الأيام قبل الاجتماع التي تُرسل فيها المتابعة، رقمًا حتى 60 مثل 3، أو اتركها فارغة لعدم الإرسال.`,
  }),
  "settings.tab_last_good": (): Bilingual => ({
    en: 'There is no "Settings" tab; the settings of the last good sync are used until it is back. Restore the tab named "Settings" or "الإعدادات".',
    ar: 'لا توجد ورقة «الإعدادات»؛ تُستخدم إعدادات آخر مزامنة ناجحة حتى تعود. أعد الورقة باسم «الإعدادات» أو "Settings".',
  }),
  "settings.timezone_invalid": (value: string): Bilingual => ({
    en: `${q(value)} is not a time zone name, so meetings without their own time zone are not sent or published until it is corrected. Write a name like Europe/Istanbul or Asia/Damascus.`,
    ar: `${qa(value)} ليس اسم منطقة زمنية، لذا لن تُرسل أو تُنشر الاجتماعات التي ليست لها منطقة زمنية خاصة حتى يُصحَّح. اكتب اسمًا مثل Europe/Istanbul أو Asia/Damascus.`,
  }),
  "timezone.no_default": (): Bilingual => ({
    en: 'This meeting has no time zone and the Settings "Default time zone" is not valid, so it is not sent or published. Correct the default in Settings, or write a zone here.',
    ar: "ليس لهذا الاجتماع منطقة زمنية، و«المنطقة الزمنية الافتراضية» في الإعدادات غير صالحة، لذا لن يُرسل أو يُنشر. صحّح القيمة الافتراضية في الإعدادات أو اكتب منطقة هنا.",
  }),
  "column.id_missing": (): Bilingual => ({
    en: 'There is no ID column, so meetings cannot be given their IDs and no invitation is sent. Add a column headed "ID" or "المعرف" in row 1; Liqaa fills it.',
    ar: 'لا يوجد عمود «المعرف»، لذا لا يمكن إعطاء الاجتماعات معرفاتها ولن تُرسل أي دعوة. أضف عمودًا عنوانه «المعرف» أو "ID" في الصف الأول؛ يملؤه لقاء.',
  }),
  "column.sync_missing": (): Bilingual => ({
    en: 'There is no Sync status column, so what Liqaa did with each meeting is shown only in the Sync log. Add a column headed "Sync status" or "حالة المزامنة" in row 1.',
    ar: 'لا يوجد عمود «حالة المزامنة»، لذا يظهر ما فعله لقاء بكل اجتماع في سجل المزامنة فقط. أضف عمودًا عنوانه «حالة المزامنة» أو "Sync status" في الصف الأول.',
  }),
  "settings.sender_missing": (value: string | null): Bilingual => ({
    en: `${value === null ? "There is no sender address" : `${q(value)} is not an email address`}, so no email can be sent: nothing is sent until it is written (the public feed is still updated). Write the address invitations come from next to "Sender address", e.g. secretariat@network.org.`,
    ar: `${value === null ? "لا يوجد عنوان مرسل" : `${qa(value)} ليس عنوان بريد إلكتروني`}، لذا لا يمكن إرسال أي رسالة: لن يُرسل شيء حتى يُكتب (وتُحدَّث الصفحة العامة). اكتب العنوان الذي تُرسل منه الدعوات بجانب «عنوان المرسل»، مثل secretariat@network.org.`,
  }),
} as const;
