/**
 * The clock for "when did the harness learn of this state": epoch ms with
 * performance.now() precision. Date.now() alone has 1 ms resolution and can step
 * with NTP; the performance suite compares receipt times of watch events.
 */
export function receiptTime(): number {
  return performance.timeOrigin + performance.now();
}
