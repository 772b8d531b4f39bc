// Reading a workspace page as a browser would in tests run in process: what its form posts,
// and the GOV.UK error summary and inline messages it shows.

/** HTML text as the browser reads it. */
export const decode = (html: string) =>
  html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/**
 * What a browser would post from the page's form in <main>: its text and hidden inputs, checked
 * radios and checkboxes, textareas and selected options, as the page filled them in.
 */
export function formFields(html: string): Record<string, string> {
  const main = html.slice(html.indexOf('<main'));
  const form = main.slice(main.indexOf('<form'), main.indexOf('</form>'));
  const fields: Record<string, string> = {};
  for (const [input] of form.matchAll(/<input\b[^>]*>/g)) {
    const attr = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(input)?.[1];
    const name = attr('name');
    const type = attr('type') ?? 'text';
    if (!name || name === '_csrf') continue;
    if (type === 'radio' || type === 'checkbox') {
      if (/\schecked\b/.test(input)) fields[name] = decode(attr('value') ?? '');
      else fields[name] ??= '';
    } else fields[name] = decode(attr('value') ?? '');
  }
  for (const [, name, text] of form.matchAll(
    /<textarea\b[^>]*\sname="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g,
  ))
    fields[name!] = decode(text!.replace(/^\n/, ''));
  for (const [, name, options] of form.matchAll(
    /<select\b[^>]*\sname="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g,
  ))
    fields[name!] = decode(/<option value="([^"]*)"[^>]*selected/.exec(options!)?.[1] ?? '');
  return fields;
}

/** The error summary's links and messages, in order: `[field, message]`. */
export const summaryErrors = (html: string) =>
  [...html.matchAll(/<li>\s*<a href="#([\w-]+)">([^<]*)<\/a>/g)].map((m) => [m[1], decode(m[2]!)]);

/** The inline message shown by a field, found by the field's id. */
export const inlineError = (html: string, field: string) =>
  decode(
    new RegExp(
      `id="${field}-error" class="govuk-error-message">\\s*<span class="govuk-visually-hidden">Error:</span>([^<]*)<`,
    )
      .exec(html)?.[1]
      ?.trim() ?? '',
  );
