// Reading PDFs in tests with poppler's pdftotext, as a reader's tools would.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const hasPdfTools = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** The text of a PDF, as `pdftotext` reads it, with its line breaks made spaces. */
export function pdfText(bytes: Buffer) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-pdf-'));
  try {
    const file = path.join(dir, 'document.pdf');
    fs.writeFileSync(file, bytes);
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
      .replace(/\s+/g, ' ')
      .replace(/- /g, '-');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
