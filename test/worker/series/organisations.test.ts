// Who a series' slots are for: every distinct organisation of the invitees,
// in the Invite cell's order, its invitees sharing its slot.
import { expect, it } from "vitest";
import { seriesOrganisations } from "../../../src/series/organisations.ts";
import type { Contact } from "../../../src/sheet/types.ts";
import { indexContacts } from "../../../src/sync/invitees.ts";

const contact = (
  email: string,
  organization: string | null,
  groups: string[],
  active = true,
): Contact => ({
  row: 2,
  organization,
  name: null,
  email,
  language: "en",
  groups,
  active,
});

const index = indexContacts([
  contact("a@undp.org", "UNDP", ["UN"]),
  contact("b@bahar.org", "Bahar", ["Partners"]),
  contact("c@undp.org", " undp", ["Partners"]),
  contact("d@solo.org", null, ["Partners"]),
  contact("e@gone.org", "Gone", ["Partners"], false),
]);

it("groups invitees by organisation, in the Invite cell's order, each once", () => {
  const orgs = seriesOrganisations(
    [
      { type: "group", name: "Partners" },
      { type: "group", name: "un" },
      { type: "email", email: "B@bahar.org" },
      { type: "email", email: "new@elsewhere.org" },
      { type: "email", email: "e@gone.org" },
    ],
    index,
  );
  expect(orgs.map((o) => [o.key, o.name, o.invitees.map((i) => i.email)])).toEqual([
    ["bahar", "Bahar", ["b@bahar.org"]],
    ["undp", "undp", ["c@undp.org", "a@undp.org"]],
    // No organisation in Contacts, or not in Contacts: an organisation of one.
    ["d@solo.org", "d@solo.org", ["d@solo.org"]],
    ["new@elsewhere.org", "new@elsewhere.org", ["new@elsewhere.org"]],
  ]);
});
