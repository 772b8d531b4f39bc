// Forms the GOV.UK way, on the server: read a posted field, collect problems as an error summary
// with a message by each field, and "check your answers" without keeping a draft anywhere (the
// answers travel as hidden fields, and the change is saved only when the check page is posted
// with `confirm`).

/** A posted form's fields (urlencoded: a name given twice is a list). */
export type FormBody = Record<string, string | string[] | undefined>;

/** A field's text, trimmed; '' when absent; the first when it came more than once. */
export function field(body: unknown, name: string): string {
  const value = (body as FormBody | undefined)?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.trim() : '';
}

/** A field's text as typed, untrimmed (passwords). */
export function rawField(body: unknown, name: string): string {
  const value = (body as FormBody | undefined)?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}

/** Problems with a form: by field, in the order found. */
export class FormErrors {
  readonly byField: Record<string, string> = {};

  add(name: string, message: string) {
    this.byField[name] ??= message;
    return this;
  }

  get any() {
    return Object.keys(this.byField).length > 0;
  }

  /** What the templates need: the summary's list and each field's message. */
  view() {
    return {
      errorList: Object.entries(this.byField).map(([name, text]) => ({ text, href: `#${name}` })),
      errors: Object.fromEntries(
        Object.entries(this.byField).map(([name, text]) => [name, { text }]),
      ),
    };
  }
}

/** Whether a form was posted from its "check your answers" page, to be saved. */
export const confirmed = (body: unknown) => field(body, 'confirm') === 'yes';

/** A path on this site to return to after signing in; anything else goes to the workspace. */
export function localPath(next: string | undefined, fallback = '/manage'): string {
  return next && /^\/(?![/\\])[^\s]*$/.test(next) ? next : fallback;
}
