// Recognising a plain decimal number in bytes, so a tidy file's values can be copied as they
// are, without decoding them to text or parsing them to a double.

/**
 * Whether bytes are a number as `cellNumber` has it, and safely finite: up to 200 digits
 * with at most one full stop, and an exponent of at most two digits.
 */
export function plainNumber(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  if (bytes[i] === 43 || bytes[i] === 45) i++; // + or -
  let digits = 0;
  let point = false;
  for (; i < end; i++) {
    const b = bytes[i]!;
    if (b >= 48 && b <= 57) digits++;
    else if (b === 46 && !point) point = true;
    else break;
  }
  if (digits === 0 || digits > 200) return false;
  if (i === end) return true;
  if (bytes[i] !== 101 && bytes[i] !== 69) return false; // e or E
  i++;
  if (bytes[i] === 43 || bytes[i] === 45) i++;
  const exponentStart = i;
  while (i < end && bytes[i]! >= 48 && bytes[i]! <= 57) i++;
  return i === end && i > exponentStart && i - exponentStart <= 2;
}
