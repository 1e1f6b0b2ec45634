// The emulator's own clock: what token lifetimes, the iat/exp checks of a
// sign-in and the read quota's minute are measured against. It is the wall
// clock until a test moves it forward (advance or /__control/clock), so a test
// can let a token expire without waiting for it.
export class EmulatorClock {
  private offsetMs = 0;

  /** Milliseconds since the epoch, as the emulator sees it. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) {
      throw new Error("the clock moves forward only: give a number of seconds of 0 or more");
    }
    this.offsetMs += seconds * 1000;
  }

  /** Back to the wall clock. */
  reset(): void {
    this.offsetMs = 0;
  }
}
