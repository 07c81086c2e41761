/**
 * Portfolio and positions of an account as API messages. Quantities are pieces; money is
 * exact (`MoneyValue` with `nano` of the sign of `units`); cash appears both as money and,
 * as in the real portfolio, as a `currency` position (`RUB000UTSTOM`).
 * @module
 */
import {
  PortfolioResponse,
  PositionsResponse,
} from 'tinkoff-invest-api/cjs/generated/operations.js';
import { divRoundHalfUp, NANO, toMoney, toQuotation } from '../decimal.js';
import { derivedUuid, type Instrument } from '../instruments/Instrument.js';
import type { Account } from './Account.js';

/** What the builders need to know beyond the account. */
export interface PortfolioContext {
  readonly instrument: (uid: string) => Instrument;
  readonly lastPrice: (uid: string) => bigint | undefined;
  readonly blockedMoney: (currency: string) => bigint;
  readonly blockedPieces: (uid: string) => number;
}

/** Exact `numerator / denominator` rounded half away from zero to nanos. */
function ratio(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) return 0n;
  const negative = numerator < 0n !== denominator < 0n;
  const abs = divRoundHalfUp(
    numerator < 0n ? -numerator : numerator,
    denominator < 0n ? -denominator : denominator,
  );
  return negative ? -abs : abs;
}

function currencyPosition(currency: string, amount: bigint) {
  const figi = `${currency.toUpperCase()}000UTSTOM`;
  return {
    figi,
    instrumentType: 'currency',
    quantity: toQuotation(amount),
    averagePositionPrice: toMoney(NANO, 'rub'),
    expectedYield: toQuotation(0n),
    currentPrice: toMoney(NANO, 'rub'),
    averagePositionPriceFifo: toMoney(NANO, 'rub'),
    quantityLots: toQuotation(amount),
    instrumentUid: derivedUuid(`currency:${currency}`),
    positionUid: derivedUuid(`currency-position:${currency}`),
  };
}

/** `GetPortfolio` / `GetSandboxPortfolio`. Totals are in roubles; other cash is listed only. */
export function toPortfolio(account: Account, context: PortfolioContext): PortfolioResponse {
  let shares = 0n;
  let cost = 0n;
  const positions: object[] = [];
  for (const [uid, holding] of account.holdings) {
    const instrument = context.instrument(uid);
    const pieces = BigInt(holding.pieces);
    const average = ratio(holding.cost, pieces);
    const current = context.lastPrice(uid) ?? average;
    const value = current * pieces;
    shares += value;
    cost += holding.cost;
    positions.push({
      figi: instrument.figi,
      instrumentType: 'share',
      quantity: toQuotation(pieces * NANO),
      averagePositionPrice: toMoney(average, instrument.currency),
      expectedYield: toQuotation(value - holding.cost),
      currentPrice: toMoney(current, instrument.currency),
      averagePositionPriceFifo: toMoney(average, instrument.currency),
      quantityLots: toQuotation(ratio(pieces * NANO, BigInt(instrument.lot))),
      blocked: context.blockedPieces(uid) > 0,
      blockedLots: toQuotation(
        ratio(BigInt(context.blockedPieces(uid)) * NANO, BigInt(instrument.lot)),
      ),
      positionUid: instrument.positionUid,
      instrumentUid: uid,
    });
  }
  const cash = account.money.get('rub') ?? 0n;
  for (const [currency, amount] of account.money)
    positions.push(currencyPosition(currency, amount));
  const rub = (nanos: bigint) => toMoney(nanos, 'rub');
  return PortfolioResponse.fromJSON({
    totalAmountShares: rub(shares),
    totalAmountBonds: rub(0n),
    totalAmountEtf: rub(0n),
    totalAmountCurrencies: rub(cash),
    totalAmountFutures: rub(0n),
    totalAmountOptions: rub(0n),
    totalAmountSp: rub(0n),
    totalAmountPortfolio: rub(shares + cash),
    // Relative yield of the securities in percent, as the real portfolio reports it.
    expectedYield: toQuotation(ratio((shares - cost) * 100n, cost)),
    positions,
    accountId: account.id,
    virtualPositions: [],
  });
}

/** `GetPositions` / `GetSandboxPositions`: free and blocked money and pieces. */
export function toPositions(account: Account, context: PortfolioContext): PositionsResponse {
  const currencies = account.money.size > 0 ? [...account.money.keys()] : ['rub'];
  const blocked = currencies
    .map((currency) => ({ currency, amount: context.blockedMoney(currency) }))
    .filter(({ amount }) => amount > 0n);
  return PositionsResponse.fromJSON({
    money: currencies.map((currency) =>
      toMoney((account.money.get(currency) ?? 0n) - context.blockedMoney(currency), currency),
    ),
    blocked: blocked.map(({ currency, amount }) => toMoney(amount, currency)),
    securities: [...account.holdings].map(([uid, holding]) => {
      const instrument = context.instrument(uid);
      const blockedPieces = context.blockedPieces(uid);
      return {
        figi: instrument.figi,
        blocked: blockedPieces,
        balance: holding.pieces - blockedPieces,
        positionUid: instrument.positionUid,
        instrumentUid: uid,
        exchangeBlocked: false,
        instrumentType: 'share',
      };
    }),
    limitsLoadingInProgress: false,
    futures: [],
    options: [],
    accountId: account.id,
  });
}
