/**
 * A tiny HTML builder where escaping is the default: every value put into an `html` template is
 * escaped unless it is markup another `html` template made. Text from users, manifests and judges
 * can then never become markup by someone forgetting to escape it.
 */
export class Markup {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

function piece(value: unknown): string {
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return value.map(piece).join("");
  if (value === null || value === undefined || value === false) return "";
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Markup {
  let out = strings[0] ?? "";
  values.forEach((value, index) => {
    out += piece(value) + (strings[index + 1] ?? "");
  });
  return new Markup(out);
}

/** Markup that is trusted as is: only for text this code wrote itself (the style sheet). */
export function trusted(text: string): Markup {
  return new Markup(text);
}

/** A class-name-safe token from free text (a status, a verdict). */
export function token(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9-]+/g, "-");
}
