/**
 * The venue side of the T-Invest plugin: market data, instruments, the venue's clock
 * when it keeps its own (the built-in fake exchange), and the session with the account.
 * `open()` runs once; later calls get the same answer.
 * @module
 */
import type { Clock, Venue, VenueAccount } from '@moex-bot/framework';
import type { InvestApi } from '../client/InvestApi.js';
import type { InstrumentCatalog } from '../instruments/InstrumentCatalog.js';
import type { TinvestMarketData } from '../market/TinvestMarketData.js';
import type { EmbeddedExchange } from './EmbeddedExchange.js';
import { type AccountChoice, type AccountLookup, findAccount } from './findAccount.js';

export interface TinvestVenueOptions {
  readonly api: InvestApi;
  readonly marketData: TinvestMarketData;
  readonly instruments: InstrumentCatalog;
  /** How to reach the venue to find the account; unused with the built-in fake. */
  readonly lookup: AccountLookup;
  readonly account: AccountChoice;
  /** The built-in fake exchange of token-less paper runs, when it is the venue. */
  readonly embedded?: EmbeddedExchange | undefined;
}

/**
 * @example
 * const account = await venue.open(); // { accountId, canTrade, description }
 * const sber = await venue.instruments.resolve({ ticker: 'SBER', classCode: 'TQBR' });
 */
export class TinvestVenue implements Venue {
  readonly marketData: TinvestMarketData;
  readonly instruments: InstrumentCatalog;
  readonly clock?: Clock;
  private opened: Promise<VenueAccount> | undefined;
  private closed = false;

  constructor(private readonly options: TinvestVenueOptions) {
    this.marketData = options.marketData;
    this.instruments = options.instruments;
    if (options.embedded) this.clock = options.embedded.clock;
  }

  open(): Promise<VenueAccount> {
    this.opened ??= this.openOnce();
    // A failed start may be retried (the token fixed, the network back).
    this.opened.catch(() => {
      this.opened = undefined;
    });
    return this.opened;
  }

  /** Stops market data streams, the channel and the built-in fake exchange. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.marketData.close();
    const market = this.options.api.stream.market;
    market.options.autoReconnect = false;
    await market.cancel();
    this.options.api.close();
    await this.options.embedded?.close();
  }

  private async openOnce(): Promise<VenueAccount> {
    const { embedded } = this.options;
    if (embedded === undefined) return findAccount(this.options.lookup, this.options.account);
    embedded.startReplay();
    return { accountId: embedded.accountId, canTrade: true, description: embedded.description };
  }
}
