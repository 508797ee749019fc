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
// The counters live in the store (sign_in_failures), so behind several server nodes every node
// counts the same failures and a guesser gains nothing by spreading over them. Counters are
// forgotten after their quiet hour by the server's maintenance (prune), so a flood of invented
// user names costs rows, not memory, and never lasts.
import type { FastifyBaseLogger } from 'fastify';
import type { SignInFailuresRepository, ThrottleCounter } from '../data/store';

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

const delays = (free: number): DelayRule => ({
  free,
  baseDelayMs: 1000,
  maxDelayMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
});

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

class Counters {
  constructor(
    private readonly rule: DelayRule,
    private readonly name: ThrottleRule,
    private readonly store: SignInFailuresRepository,
  ) {}

  /** ms until this key may try again (0: now) */
  async wait(key: string, t: number): Promise<number> {
    const c = this.live(await this.store.get(this.name, key), t);
    return c && c.blockedUntil > t ? c.blockedUntil - t : 0;
  }

  /** counts a failure (atomically, whichever node sees it); returns the delay it started (0: still free) */
  async fail(key: string, t: number): Promise<{ failures: number; delayMs: number }> {
    let delayMs = 0;
    const c = await this.store.update(this.name, key, (current) => {
      const c = this.live(current, t) ?? { failures: 0, lastFailure: t, blockedUntil: 0 };
      const failures = c.failures + 1;
      const over = failures - this.rule.free;
      delayMs = over > 0 ? Math.min(this.rule.maxDelayMs, this.rule.baseDelayMs * 2 ** Math.min(over - 1, 30)) : 0;
      return {
        failures,
        lastFailure: t,
        blockedUntil: delayMs > 0 ? Math.max(c.blockedUntil, t + delayMs) : c.blockedUntil,
      };
    });
    return { failures: c.failures, delayMs };
  }

  reset(key: string): Promise<void> {
    return this.store.delete(this.name, key);
  }

  /** a counter quiet for longer than the rule's forgetAfterMs counts as none */
  private live(c: ThrottleCounter | null, t: number): ThrottleCounter | null {
    return c && t - Math.max(c.lastFailure, c.blockedUntil) > this.rule.forgetAfterMs ? null : c;
  }
}

/** counters of every rule quiet since before this are forgotten (the longest forgetAfterMs) */
export function throttleForgetBefore(policy: SignInThrottlePolicy, now: number): number {
  return (
    now - Math.max(policy.accountAndAddress.forgetAfterMs, policy.account.forgetAfterMs, policy.address.forgetAfterMs)
  );
}

export class SignInThrottle {
  private readonly pairs: Counters;
  private readonly accounts: Counters;
  private readonly addresses: Counters;

  constructor(
    readonly policy: SignInThrottlePolicy,
    private readonly now: () => number,
    private readonly log: FastifyBaseLogger,
    store: SignInFailuresRepository,
    /** every decision check() makes (for /metrics) */
    private readonly observe?: (decision: ThrottleDecision) => void,
  ) {
    this.pairs = new Counters(policy.accountAndAddress, 'account-and-address', store);
    this.accounts = new Counters(policy.account, 'account', store);
    this.addresses = new Counters(policy.address, 'address', store);
  }

  /**
   * Before the password is checked: may this attempt go ahead? `known`: the user has signed in
   * from this address before, so only the account-and-address rule applies to it.
   */
  async check(username: string, address: string, known: boolean): Promise<ThrottleDecision> {
    const decision = await this.decide(username, address, known);
    this.observe?.(decision);
    return decision;
  }

  private async decide(username: string, address: string, known: boolean): Promise<ThrottleDecision> {
    const t = this.now();
    const pair = await this.pairs.wait(pairKey(username, address), t);
    if (pair > 0) return this.refuse('account-and-address', username, address, pair);
    const [account, byAddress] = await Promise.all([this.accounts.wait(username, t), this.addresses.wait(address, t)]);
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
  async failed(username: string, address: string): Promise<void> {
    const t = this.now();
    const results: [ThrottleRule, { failures: number; delayMs: number }][] = [
      ['account-and-address', await this.pairs.fail(pairKey(username, address), t)],
      ['account', await this.accounts.fail(username, t)],
      ['address', await this.addresses.fail(address, t)],
    ];
    for (const [rule, r] of results) {
      if (r.delayMs > 0) {
        this.log.warn(
          { rule, username, address, failures: r.failures, delayS: Math.ceil(r.delayMs / 1000) },
          'sign-in throttle engaged',
        );
      }
    }
  }

  /** the right password: this address's own guessing counter starts over */
  succeeded(username: string, address: string): Promise<void> {
    return this.pairs.reset(pairKey(username, address));
  }

  private refuse(rule: ThrottleRule, username: string, address: string, retryAfterMs: number): ThrottleDecision {
    this.log.warn(
      { rule, username, address, retryAfterS: Math.max(1, Math.ceil(retryAfterMs / 1000)) },
      'sign-in throttled',
    );
    return { allowed: false, rule, retryAfterMs };
  }
}

function pairKey(username: string, address: string): string {
  return `${username}\u0001${address}`;
}
