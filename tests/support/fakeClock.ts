/** A clock for verify's --wait and the app's retries that never sleeps: each sleep moves its time on at once and is recorded. */
import type { Clock } from "../../tools/verify/wait";

export interface FakeClock extends Clock {
  /** Every sleep asked for, in milliseconds, in order. */
  readonly sleeps: number[];
  /** Called after each sleep with how many there have been: the world changing while verify waits. */
  onSleep: (count: number) => void;
  reset(): void;
}

export function fakeClock(): FakeClock {
  let time = Date.UTC(2026, 11, 1, 10);
  const clock: FakeClock = {
    sleeps: [],
    onSleep: () => undefined,
    now: () => time,
    sleep: async (ms) => {
      time += ms;
      clock.sleeps.push(ms);
      clock.onSleep(clock.sleeps.length);
    },
    reset: () => {
      clock.sleeps.length = 0;
      clock.onSleep = () => undefined;
    },
  };
  return clock;
}
