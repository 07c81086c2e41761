/**
 * Accounts and the tokens that reach them. As in the real API the access level belongs to
 * a token (per account it can see): a read-only token reads everything its accounts hold
 * and fails with 40002 when it tries to trade.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { ExchangeApiError } from '../apiErrors.js';
import { toNanos } from '../decimal.js';
import type { InstrumentBook } from '../instruments/InstrumentBook.js';
import { type Account, type AccountSpec, bookTrade, moneyOf } from './Account.js';

/** What a token may do with its accounts. */
export type AccessLevelName = 'full-access' | 'read-only';

/** What `UsersService.GetInfo` tells about the token's owner. */
export interface UserInfo {
  readonly premStatus: boolean;
  readonly qualStatus: boolean;
  /** Instruments and features the user passed the tests for, e.g. `['derivative']`. */
  readonly qualifiedForWorkWith: readonly string[];
  /** Tariff name, e.g. `investor` or `trader`. */
  readonly tariff: string;
}

/** A token as a test registers it. */
export interface TokenSpec {
  /** Default `full-access`. */
  readonly access?: AccessLevelName;
  /** Ids of the accounts the token reaches. */
  readonly accounts?: readonly string[];
  /** Default: not premium, not qualified, no tests passed, tariff `investor`. */
  readonly user?: Partial<UserInfo>;
}

/** A registered token. */
export interface TokenGrant {
  readonly token: string;
  readonly access: AccessLevelName;
  readonly accounts: Set<string>;
  readonly user: UserInfo;
}

/** All accounts and tokens. */
export class AccountRegistry {
  private readonly accounts = new Map<string, Account>();
  private readonly tokens = new Map<string, TokenGrant>();
  private nextId = 2_000_000_001;

  constructor(
    private readonly instruments: InstrumentBook,
    private readonly defaultCommission: () => bigint,
  ) {}

  /** Opens an account (sandbox accounts get a UUID id and the sandbox fee). */
  open(spec: AccountSpec, now: number, sandbox = false, commissionPercent?: bigint): Account {
    const id = spec.id ?? (sandbox ? randomUUID() : String(this.nextId++));
    if (this.accounts.has(id)) throw new RangeError(`account ${id} already exists`);
    const account: Account = {
      id,
      name: spec.name ?? (sandbox ? 'Sandbox' : `Account ${id}`),
      kind: spec.kind ?? 'broker',
      sandbox,
      openedAt: now,
      commissionPercent:
        spec.commissionPercent !== undefined
          ? toNanos(spec.commissionPercent)
          : (commissionPercent ?? this.defaultCommission()),
      money: moneyOf(spec.money),
      holdings: new Map(),
    };
    for (const holding of spec.holdings ?? []) {
      const instrument = this.instruments.resolve(holding.instrument);
      bookTrade(account, instrument.uid, holding.quantity, toNanos(holding.averagePrice ?? 0));
    }
    this.accounts.set(id, account);
    return account;
  }

  close(id: string): void {
    this.accounts.delete(id);
    for (const grant of this.tokens.values()) grant.accounts.delete(id);
  }

  /** Registers (or replaces) a token. */
  addToken(token: string, spec: TokenSpec = {}): TokenGrant {
    for (const id of spec.accounts ?? []) this.get(id);
    const grant: TokenGrant = {
      token,
      access: spec.access ?? 'full-access',
      accounts: new Set(spec.accounts ?? []),
      user: {
        premStatus: false,
        qualStatus: false,
        qualifiedForWorkWith: [],
        tariff: 'investor',
        ...spec.user,
      },
    };
    this.tokens.set(token, grant);
    return grant;
  }

  grant(token: string): TokenGrant | undefined {
    return this.tokens.get(token);
  }

  /** An account by id for the control API; throws for unknown ids. */
  get(id: string): Account {
    const account = this.accounts.get(id);
    if (!account) throw new RangeError(`unknown account ${id}`);
    return account;
  }

  /** Accounts a token reaches, optionally only sandbox or only brokerage ones. */
  of(grant: TokenGrant, sandbox?: boolean): Account[] {
    return [...grant.accounts]
      .map((id) => this.accounts.get(id))
      .filter(
        (a): a is Account => a !== undefined && (sandbox === undefined || a.sandbox === sandbox),
      );
  }

  /**
   * The account a call names, checked against the token: 30021 when missing, 50004 when
   * unknown (or not a sandbox account on a sandbox method), 40002 when the token does not
   * reach it or is read-only and `trade` is set.
   */
  forCall(
    grant: TokenGrant,
    accountId: string,
    options: { trade?: boolean; sandbox?: boolean } = {},
  ): Account {
    if (!accountId) throw new ExchangeApiError(30021);
    const account = this.accounts.get(accountId);
    if (!account || (options.sandbox && !account.sandbox)) throw new ExchangeApiError(50004);
    if (!grant.accounts.has(accountId)) throw new ExchangeApiError(40002);
    if (options.trade && grant.access === 'read-only') throw new ExchangeApiError(40002);
    return account;
  }
}
