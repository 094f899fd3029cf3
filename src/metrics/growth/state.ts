import type { AccountInput } from '../../schema/plans/accounts.js';
import type { Accumulator } from '../types.js';

// An account's days (one platform's): the followers at each day's end (the
// latest row of the day), and what it gained and lost that day.

export interface AccountDay {
  followers: number;
  followersAt: number;
  gained: number;
  lost: number;
}

export class AccountDays implements Accumulator<AccountInput> {
  readonly days = new Map<number, AccountDay>();

  add(row: AccountInput): void {
    let day = this.days.get(row.day);
    if (day === undefined) this.days.set(row.day, (day = { followers: Number.NaN, followersAt: Number.NEGATIVE_INFINITY, gained: Number.NaN, lost: Number.NaN }));
    if (!Number.isNaN(row.followers) && row.time >= day.followersAt) [day.followers, day.followersAt] = [row.followers, row.time];
    if (!Number.isNaN(row.gained)) day.gained = (Number.isNaN(day.gained) ? 0 : day.gained) + row.gained;
    if (!Number.isNaN(row.lost)) day.lost = (Number.isNaN(day.lost) ? 0 : day.lost) + row.lost;
  }

  merge(other: AccountDays): void {
    for (const [key, day] of other.days) {
      this.add({ period: 0, groups: [], day: key, time: day.followersAt, followers: day.followers, gained: day.gained, lost: day.lost });
    }
  }
}
