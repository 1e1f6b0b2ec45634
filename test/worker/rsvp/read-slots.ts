// Reads an RSVP page's slot choice the way a browser's parser does, inside
// workerd (HTMLRewriter): the English block's slot buttons (the value each
// submits), its hidden `from` (the slot the page showed as the
// organisation's) and its notice (what became of a choice).

export interface ReadSlots {
  values: string[];
  from: string;
  notice: string;
}

export async function readSlots(response: Response): Promise<ReadSlots> {
  const read: ReadSlots = { values: [], from: "", notice: "" };
  let inNotice = false;
  await new HTMLRewriter()
    .on("section[lang=en] .choice button", {
      element: (el) => {
        read.values.push(el.getAttribute("value") ?? "");
      },
    })
    .on("section[lang=en] .choice input[type=hidden]", {
      element: (el) => {
        read.from = el.getAttribute("value") ?? "";
      },
    })
    .on("section[lang=en] .notice", {
      element: (el) => {
        inNotice = true;
        el.onEndTag(() => {
          inNotice = false;
        });
      },
      text: (t) => {
        if (inNotice) read.notice += t.text;
      },
    })
    .transform(response)
    .text();
  return read;
}
