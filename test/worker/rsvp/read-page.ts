// Reads a page the way a browser's parser does, inside workerd: HTMLRewriter
// (lol-html, a streaming HTML parser) collects each language section's text,
// its lang and dir, its answer buttons and their forms' methods and actions,
// and the substitute form (its action and fields) apart, so tests
// assert on the parsed document rather than on the strings the code wrote.

export interface ReadSection {
  lang: string | null;
  dir: string | null;
  heading: string;
  notice: string;
  text: string;
  buttons: string[];
  forms: { method: string | null; action: string | null }[];
  /** The form with fields of its own (the substitute form), when the page has one. */
  fieldset: { action: string | null; fields: string[] } | null;
}

export interface ReadPage {
  lang: string | null;
  dir: string | null;
  sections: ReadSection[];
}

/** FSI, LRI, RLI and PDI: present for direction, not part of the words. */
const ISOLATES = /[\u2066-\u2069]/g;

/** lol-html hands text over as written: the five entities hono/html writes, decoded. */
const decode = (text: string) =>
  text
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&amp;", "&");

const clean = (text: string) => decode(text.replace(ISOLATES, "")).replace(/\s+/g, " ").trim();

export async function readPage(response: Response): Promise<ReadPage> {
  const page: ReadPage = { lang: null, dir: null, sections: [] };
  let current: ReadSection | null = null;
  let inButton = false;
  /** Adds the text inside each matching element to the current section's field. */
  const collect = (field: "heading" | "notice"): HTMLRewriterElementContentHandlers => {
    let inside = false;
    return {
      element(el) {
        inside = true;
        el.onEndTag(() => {
          inside = false;
        });
      },
      text(chunk) {
        if (inside && current !== null) current[field] += chunk.text;
      },
    };
  };
  const rewriter = new HTMLRewriter()
    .on("html", {
      element(el) {
        page.lang = el.getAttribute("lang");
        page.dir = el.getAttribute("dir");
      },
    })
    .on("section", {
      element(el) {
        const section: ReadSection = {
          lang: el.getAttribute("lang"),
          dir: el.getAttribute("dir"),
          heading: "",
          notice: "",
          text: "",
          buttons: [],
          forms: [],
          fieldset: null,
        };
        current = section;
        page.sections.push(section);
        el.onEndTag(() => {
          current = null;
        });
      },
      text(chunk) {
        if (current !== null) current.text += chunk.text;
      },
    })
    .on("section h1", collect("heading"))
    .on("section .notice", collect("notice"))
    .on("section form.fields", {
      element(el) {
        if (current !== null) current.fieldset = { action: el.getAttribute("action"), fields: [] };
      },
    })
    .on("section form.fields input", {
      element(el) {
        current?.fieldset?.fields.push(el.getAttribute("name") ?? "");
      },
    })
    .on("section .actions form", {
      element(el) {
        current?.forms.push({
          method: el.getAttribute("method"),
          action: el.getAttribute("action"),
        });
      },
    })
    .on("section .actions button", {
      element(el) {
        inButton = true;
        current?.buttons.push("");
        el.onEndTag(() => {
          inButton = false;
        });
      },
      text(chunk) {
        const buttons = current?.buttons;
        if (inButton && buttons !== undefined && buttons.length > 0) {
          buttons[buttons.length - 1] += chunk.text;
        }
      },
    });
  await rewriter.transform(response).text();
  for (const s of page.sections) {
    s.heading = clean(s.heading);
    s.notice = clean(s.notice);
    s.text = clean(s.text);
    s.buttons = s.buttons.map(clean);
  }
  return page;
}
