import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseDecimal } from '@moex-bot/framework';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { order, startBroker } from '../broker.fixture.js';
import { INSTRUMENT_CACHE_FILE } from '../createTinvestBroker.js';
import { SBER, startVenue, waitFor } from '../venue.fixture.js';

let venue: Awaited<ReturnType<typeof startVenue>>;
const brokers: { close(): Promise<void> }[] = [];
beforeEach(async () => {
  venue = await startVenue();
});
afterEach(async () => {
  for (const broker of brokers.splice(0)) await broker.close();
  await venue.close();
});

async function broker(setup: Parameters<typeof startBroker>[1]) {
  const started = await startBroker(venue, setup);
  brokers.push(started.broker);
  return started;
}

describe('opening the session with T-Invest', () => {
  it("takes the token's only account and says it can trade", async () => {
    const { broker: tinvest } = await broker({ params: { accountId: undefined } });
    expect(await tinvest.venue.open()).toEqual({
      accountId: venue.account,
      canTrade: true,
      description: `T-Invest account "Account ${venue.account}"`,
    });
  });

  it('reports a read-only token as unable to trade, and why', async () => {
    venue.exchange.addToken('t.read-only', { access: 'read-only', accounts: [venue.account] });
    const { broker: tinvest } = await broker({ params: { token: 't.read-only' } });
    expect(await tinvest.venue.open()).toMatchObject({
      accountId: venue.account,
      canTrade: false,
      reason: expect.stringMatching(/read-only access/),
    });
  });

  it('names a refused token without ever showing it', async () => {
    const token = 't.not-a-real-token-5f0c9a';
    const { broker: tinvest } = await broker({ params: { token } });
    const error = (await tinvest.venue.open().catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(
      /^T-Invest refused the token \(.*40003.*\); check broker.params.token/,
    );
    expect(error.message).not.toContain(token);
    expect(error.message).not.toContain('5f0c9a');
  });

  it('asks for an account id when the token reaches several', async () => {
    const second = venue.exchange.openAccount({ money: 1 });
    venue.exchange.addToken('t.two', { accounts: [venue.account, second] });
    const { broker: tinvest } = await broker({ params: { token: 't.two', accountId: undefined } });
    await expect(tinvest.venue.open()).rejects.toThrow(
      `the token reaches several open accounts (${venue.account}, ${second}): set broker.params.accountId`,
    );
  });

  it('keeps the instrument cache in the data folder', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'moex-bot-tinvest-'));
    try {
      const { broker: tinvest } = await broker({ dataDir });
      await tinvest.venue.instruments.resolve({ ticker: 'SBER', classCode: 'TQBR' });
      const cached = JSON.parse(await readFile(path.join(dataDir, INSTRUMENT_CACHE_FILE), 'utf8'));
      expect(Object.keys(cached)).toEqual(['SBER/TQBR']);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('in paper runs only checks the token: no order is ever sent', async () => {
    const { broker: tinvest, events } = await broker({ mode: 'paper' });
    expect(await tinvest.venue.open()).toMatchObject({ canTrade: true });
    await tinvest.connect(events.sink);
    await expect(tinvest.submit(order())).rejects.toThrow(/sends no orders in paper runs/);
    expect(venue.exchange.requests('PostOrder')).toHaveLength(0);
  });
});

describe('the sandbox', () => {
  it('opens and funds an account, fills an order there, and reports what the exchange holds', async () => {
    venue.exchange.addToken('t.sandbox', { accounts: [] });
    const setup = await broker({
      mode: 'sandbox',
      params: { token: 't.sandbox', accountId: undefined, sandbox: { open: true, money: 500_000 } },
    });
    const account = await setup.broker.venue.open();
    expect(account).toMatchObject({
      canTrade: true,
      description: expect.stringMatching(/opened and funded with 500000 RUB/),
    });
    expect(venue.exchange.cash(account.accountId)).toBe('500000');

    await setup.connect();
    const buy = order({ lots: 2 });
    await setup.broker.submit(buy);
    await waitFor(() => setup.events.lots(buy.id) === 2);
    expect(venue.exchange.requests('PostSandboxOrder')).toHaveLength(1);
    expect(venue.exchange.requests('PostOrder')).toHaveLength(0);
    const [execution] = venue.exchange.orders(account.accountId)[0]!.executions;
    expect(setup.events.fills).toEqual([
      expect.objectContaining({ lots: 2, price: 250, commission: Number(execution!.commission) }),
    ]);

    const state = await setup.broker.accountState();
    expect(state.cashNanos).toBe(parseDecimal(venue.exchange.cash(account.accountId)));
    expect(state.positions).toEqual([
      {
        instrument: SBER.uid,
        quantity: venue.exchange.position(account.accountId, SBER.uid),
        averagePrice: 250,
      },
    ]);
    expect(state.openOrders).toEqual([]);

    const resting = order({ type: 'limit', limitPrice: 240 });
    await setup.broker.submit(resting);
    expect((await setup.broker.accountState()).openOrders).toMatchObject([
      { orderId: resting.id, status: 'submitted' },
    ]);
    await setup.broker.cancel(resting.id);
    expect(setup.events.log.at(-1)).toBe(`cancelled ${resting.id}`);
    expect(venue.exchange.requests('CancelSandboxOrder')).toHaveLength(1);
  });

  it('without `sandbox.open` says how to get an account', async () => {
    venue.exchange.addToken('t.sandbox', { accounts: [] });
    const { broker: tinvest } = await broker({
      mode: 'sandbox',
      params: { token: 't.sandbox', accountId: undefined },
    });
    await expect(tinvest.venue.open()).rejects.toThrow(
      'the token has no sandbox account: set broker.params.sandbox.open: true to open and fund one',
    );
  });
});
