// Text a publisher's file holds encoded twice: its UTF-8 bytes read as Windows-1252 and
// written out again as UTF-8, so `£` arrives as `Â£` and `’` as `â€™`. The ONS's SDG file for
// 7.3.1 gives its unit as `TJ/Â£ million`; its own metadata says `TJ/£ million`.

/** Windows-1252's characters for the bytes 0x80–0x9F (the five it leaves undefined as C1). */
const WINDOWS_1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** A UTF-8 lead byte read as Windows-1252, followed by a continuation byte read so. */
const LOOKS_TWICE_ENCODED = /[\u00c2-\u00f4][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]/;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The text as it was meant, where it reads as UTF-8 encoded twice; else the text unchanged.
 * Only text whose every character is one Windows-1252 byte, and whose bytes are valid UTF-8,
 * is read again: `Café` stays `Café`.
 */
export function undoTwiceEncoded(text: string): string {
  if (!LOOKS_TWICE_ENCODED.test(text)) return text;
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const high = WINDOWS_1252_HIGH.indexOf(text[i]!);
    if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) bytes[i] = code;
    else if (high >= 0) bytes[i] = 0x80 + high;
    else return text;
  }
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return text;
  }
}
