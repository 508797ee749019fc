// Sign-in throttling that slows guessing without handing a stranger a way to lock a user out.
//
// Three counters of failed sign-ins, each with a few free failures and then a growing delay
// (1 s, 2 s, 4 s … up to 15 min) during which that kind of attempt is answered 429 before any
// password is checked:
//   account-and-address  one user name from one address: a guesser at the user's own address.
//   account              one user name from anywhere: guessing spread over many addresses.
//   address              one address, any user name: spraying one password over many accounts.
// The account and address counters hold back only addresses the user has never signed in from
// successfully (remembered in the store). So the right password from a known address still gets
// in while the account is under attack from elsewhere, and an attacker's failures can only ever
// slow down the attacker's own address (or, via the account counter, new addresses). Nothing locks
// for good: every delay ends, and counters are forgotten after an hour of quiet.
//
// In memory, per process (one process serves one office); behind several nodes each node throttles
// on its own, which still bounds guessing per node. Counters are bounded in number, so a flood of
// invented user names cannot exhaust memory.
import type { FastifyBaseLogger } from 'fastify';

export interface DelayRule {
  /** failures before any delay */
  free: number;
  /** the first delay; each further failure doubles it */
  baseDelayMs: number;
  maxDelayMs: number;
  /** a counter with no failure (and no delay running) for this long starts again from zero */
  forgetAfterMs: number;
}

export interface SignInThrottlePolicy {
  accountAndAddress: DelayRule;
  account: DelayRule;
  address: DelayRule;
  /** an address the user signed in from within this time counts as known */
  knownAddressMs: number;
}

const delays = (free: number): DelayRule => ({ free, baseDelayMs: 1000, maxDelayMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 });

export const DEFAULT_SIGN_IN_THROTTLE: SignInThrottlePolicy = {
  // a person mistyping gets five tries before waiting a second
  accountAndAddress: delays(5),
  // guessing from many addresses: new addresses wait after 20 failures in all
  account: delays(20),
  // generous, because a whole office can share one NAT address; known users pass it anyway
  address: delays(50),
  knownAddressMs: 90 * 24 * 3600_000,
};

export type ThrottleRule = 'account-and-address' | 'account' | 'address';

export type ThrottleDecision = { allowed: true } | { allowed: false; rule: ThrottleRule; retryAfterMs: number };

interface Counter {
  failures: number;
  lastFailure: number;
  blockedUntil: number;
}

const MAX_COUNTERS = 100_000;

class Counters {
  private readonly map = new Map<string, Counter>();

  constructor(private readonly rule: DelayRule) {}

  /** ms until this key may try again (0: now) */
  wait(key: string, t: number): number {
    const c = this.live(key, t);
    return c && c.blockedUntil > t ? c.blockedUntil - t : 0;
  }

  /** counts a failure; returns the delay it started (0: still free) */
  fail(key: string, t: number): { failures: number; delayMs: number } {
    const c = this.live(key, t) ?? { failures: 0, lastFailure: t, blockedUntil: 0 };
    c.failures++;
    c.lastFailure = t;
    const over = c.failures - this.rule.free;
    const delayMs = over > 0 ? Math.min(this.rule.maxDelayMs, this.rule.baseDelayMs * 2 ** Math.min(over - 1, 30)) : 0;
    if (delayMs > 0) c.blockedUntil = Math.max(c.blockedUntil, t + delayMs);
    // re-inserted, so the map's order is least recently failed first (what bound() drops)
    this.map.delete(key);
    this.map.set(key, c);
    if (this.map.size > MAX_COUNTERS) this.bound(t);
    return { failures: c.failures, delayMs };
  }

  reset(key: string): void {
    this.map.delete(key);
  }

  private live(key: string, t: number): Counter | undefined {
    const c = this.map.get(key);
    if (c && t - Math.max(c.lastFailure, c.blockedUntil) > this.rule.forgetAfterMs) {
      this.map.delete(key);
      return undefined;
    }
    return c;
  }

  private bound(t: number): void {
    for (const [k, c] of this.map) if (t - Math.max(c.lastFailure, c.blockedUntil) > this.rule.forgetAfterMs) this.map.delete(k);
    for (const k of this.map.keys()) {
      if (this.map.size <= MAX_COUNTERS * 0.9) break;
      this.map.delete(k);
    }
  }
}

export class SignInThrottle {
  private readonly pairs: Counters;
  private readonly accounts: Counters;
  private readonly addresses: Counters;

  constructor(
    readonly policy: SignInThrottlePolicy,
    private readonly now: () => number,
    private readonly log: FastifyBaseLogger,
  ) {
    this.pairs = new Counters(policy.accountAndAddress);
    this.accounts = new Counters(policy.account);
    this.addresses = new Counters(policy.address);
  }

  /**
   * Before the password is checked: may this attempt go ahead? `known`: the user has signed in
   * from this address before, so only the account-and-address rule applies to it.
   */
  check(username: string, address: string, known: boolean): ThrottleDecision {
    const t = this.now();
    const pair = this.pairs.wait(pairKey(username, address), t);
    if (pair > 0) return this.refuse('account-and-address', username, address, pair);
    const account = this.accounts.wait(username, t);
    const byAddress = this.addresses.wait(address, t);
    if (known) {
      if (account > 0 || byAddress > 0) {
        const rules = [...(account > 0 ? ['account'] : []), ...(byAddress > 0 ? ['address'] : [])];
        this.log.info({ username, address, rules }, 'sign-in allowed from a known address despite a throttle');
      }
      return { allowed: true };
    }
    if (account > 0) return this.refuse('account', username, address, account);
    if (byAddress > 0) return this.refuse('address', username, address, byAddress);
    return { allowed: true };
  }

  /** a wrong password (or an unknown user name) */
  failed(username: string, address: string): void {
    const t = this.now();
    const results: [ThrottleRule, { failures: number; delayMs: number }][] = [
      ['account-and-address', this.pairs.fail(pairKey(username, address), t)],
      ['account', this.accounts.fail(username, t)],
      ['address', this.addresses.fail(address, t)],
    ];
    for (const [rule, r] of results) {
      if (r.delayMs > 0) {
        this.log.warn({ rule, username, address, failures: r.failures, delayS: Math.ceil(r.delayMs / 1000) }, 'sign-in throttle engaged');
      }
    }
  }

  /** the right password: this address's own guessing counter starts over */
  succeeded(username: string, address: string): void {
    this.pairs.reset(pairKey(username, address));
  }

  private refuse(rule: ThrottleRule, username: string, address: string, retryAfterMs: number): ThrottleDecision {
    this.log.warn({ rule, username, address, retryAfterS: Math.max(1, Math.ceil(retryAfterMs / 1000)) }, 'sign-in throttled');
    return { allowed: false, rule, retryAfterMs };
  }
}

function pairKey(username: string, address: string): string {
  return `${username}\u0000${address}`;
}
