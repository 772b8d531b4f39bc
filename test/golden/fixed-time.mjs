/* global process */
// Preload for golden captures: every reading of "now" in the process (Date.now(), new Date()
// with no argument) gives one fixed instant, so two captures of the same data are byte-equal.
const fixed = Date.parse(process.env.NORTHSTAR_GOLDEN_TIME ?? '2026-12-01T12:00:00Z');
const RealDate = Date;
class FixedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(fixed);
    else super(...args);
  }
  static now() {
    return fixed;
  }
}
globalThis.Date = FixedDate;
