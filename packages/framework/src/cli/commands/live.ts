/**
 * `moex-bot live <config>`: trades the config's strategies on live market data in
 * `paper`, `sandbox` or `real` mode, printing orders and fills as they happen, until
 * SIGINT / SIGTERM (or `--duration`), then stops cleanly and exits 0.
 * @module
 */
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config/loadConfig.js';
import { redactSecrets } from '../../config/secrets.js';
import type { Fill, Order } from '../../domain/order.js';
import { type LiveSession, startLive } from '../../live/startLive.js';
import { MOSCOW_OFFSET_MS } from '../../market/moscowTime.js';
import { createLogger } from '../../observability/logger.js';

interface LiveFlags {
  confirmReal?: boolean;
  duration?: string;
  state?: string;
}

/** `2024-03-11 10:01:00` in Moscow time. */
function moscow(time: number): string {
  return new Date(time + MOSCOW_OFFSET_MS).toISOString().replace('T', ' ').slice(0, 19);
}

/** Names an instrument uid by its ticker once the session knows it. */
type TickerOf = (uid: string) => string;

function orderLine(order: Order, tickerOf: TickerOf): string {
  const price = order.type === 'limit' ? ` @ ${order.limitPrice}` : '';
  const why = order.rejectReason ? `: ${order.rejectReason}` : '';
  return `${moscow(order.updatedAt)}  order ${order.status.padEnd(16)} ${order.side} ${order.lots} lots ${tickerOf(order.instrument)} ${order.type}${price}  [${order.strategyId}]${why}`;
}

function fillLine(fill: Fill, tickerOf: TickerOf): string {
  return `${moscow(fill.time)}  fill  ${fill.side} ${fill.lots} lots ${tickerOf(fill.instrument)} @ ${fill.price}  commission ${fill.commission}  [${fill.strategyId}]`;
}

export function registerLive(program: Command): void {
  program
    .command('live')
    .description('Trade the strategies of a config on live market data (paper, sandbox or real)')
    .argument('<config>', 'operator config (moex-bot.yaml) with mode paper, sandbox or real')
    .option('--confirm-real', 'required, with `mode: real` in the config, to trade real money')
    .option('--duration <seconds>', 'stop by itself after this many seconds')
    .option('--state <file>', 'state file (default: live.state of the config, relative to it)')
    .addHelpText(
      'after',
      '\nPaper mode without a token runs against the built-in fake exchange replaying sample data.\n' +
        'Logs go to live.log next to the state file. SIGINT / SIGTERM stop strategies, cancel open\n' +
        'orders (live.cancelOnStop), save the state and exit 0.',
    )
    .action(async (file: string, flags: LiveFlags) => {
      const duration = flags.duration === undefined ? undefined : Number(flags.duration);
      if (duration !== undefined && !(duration > 0)) {
        program.error(`--duration must be a positive number of seconds, got "${flags.duration}"`);
      }
      const { config, dir } = await loadConfig(file);
      const debug = program.opts<{ debug?: boolean }>().debug === true;
      const stateFile = path.resolve(flags.state ?? path.resolve(dir, config.live.state));
      const logger = createLogger({
        level: debug ? 'debug' : config.logging.level,
        file: path.join(path.dirname(stateFile), 'live.log'),
        consoleLevel: 'error',
      });
      const print = (line: string) => process.stdout.write(`${redactSecrets(line)}\n`);
      // Bars may arrive before startLive returns; until then lines show the uid.
      let session: LiveSession | undefined;
      const tickerOf: TickerOf = (uid) =>
        [...(session?.engine.portfolio.allBooks() ?? [])].find((b) => b.instrument.uid === uid)
          ?.instrument.ticker ?? uid;
      session = await startLive(config, dir, {
        logger,
        confirmReal: flags.confirmReal === true,
        stateFile,
        onNotice: print,
        listener: {
          // Acknowledgements and fills of an order show as its fill lines.
          onOrder: (order) => {
            if (
              order.status === 'new' ||
              order.status === 'rejected' ||
              order.status === 'cancelled'
            )
              print(orderLine(order, tickerOf));
          },
          onFill: (fill) => print(fillLine(fill, tickerOf)),
        },
      });
      const running = session;
      // A failed stop (state not saved) ends the command with its error and exit code 1.
      await new Promise<void>((resolve, reject) => {
        const stop = (reason: string) => {
          process.off('SIGINT', onSigint);
          process.off('SIGTERM', onSigterm);
          clearTimeout(timer);
          running.stop(reason).then(resolve, reject);
        };
        const onSigint = () => stop('SIGINT');
        const onSigterm = () => stop('SIGTERM');
        process.on('SIGINT', onSigint);
        process.on('SIGTERM', onSigterm);
        const timer =
          duration === undefined
            ? undefined
            : setTimeout(() => stop(`${duration} s elapsed`), duration * 1000);
      });
      const portfolio = session.engine.portfolio;
      print(
        `stopped after ${session.bars()} bars: cash ${portfolio.cash.toFixed(2)} RUB, equity ${portfolio.equity.toFixed(2)} RUB, ` +
          `${session.engine.orders.openOrders().length} open orders`,
      );
    });
}
