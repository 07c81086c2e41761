/**
 * The instrument registry and its lookups: the API's (uid, FIGI, position uid, or
 * `TICKER_CLASSCODE` as `instrument_id`; ticker plus class code in `InstrumentRequest`)
 * and the looser one of the control API, which also takes a bare unique ticker.
 * @module
 */
import {
  InstrumentIdType,
  type InstrumentRequest,
} from 'tinkoff-invest-api/cjs/generated/instruments.js';
import { ExchangeApiError } from '../apiErrors.js';
import { type Instrument, type InstrumentSpec, toInstrument } from './Instrument.js';

/** All instruments of the exchange. */
export class InstrumentBook {
  private readonly byUid = new Map<string, Instrument>();

  /** Adds instruments; one with a known uid replaces the old definition. */
  load(specs: readonly InstrumentSpec[]): Instrument[] {
    return specs.map((spec) => {
      const instrument = toInstrument(spec);
      this.byUid.set(instrument.uid, instrument);
      return instrument;
    });
  }

  all(): Instrument[] {
    return [...this.byUid.values()];
  }

  /** An `instrument_id` as the API takes it: uid, FIGI, position uid or `TICKER_CLASSCODE`. */
  find(id: string): Instrument | undefined {
    const direct = this.byUid.get(id);
    if (direct) return direct;
    for (const instrument of this.byUid.values()) {
      if (
        instrument.figi === id ||
        instrument.positionUid === id ||
        `${instrument.ticker}_${instrument.classCode}` === id
      ) {
        return instrument;
      }
    }
    return undefined;
  }

  /** Like {@link find}, throwing 50002 when unknown. */
  require(id: string): Instrument {
    const instrument = id ? this.find(id) : undefined;
    if (!instrument) throw new ExchangeApiError(50002);
    return instrument;
  }

  /** A reference from the control API: anything {@link find} takes, or a unique ticker. */
  resolve(ref: string): Instrument {
    const found = this.find(ref);
    if (found) return found;
    const byTicker = this.all().filter((instrument) => instrument.ticker === ref);
    if (byTicker.length === 1) return byTicker[0]!;
    throw new RangeError(
      byTicker.length > 1 ? `ticker ${ref} is ambiguous` : `unknown instrument ${ref}`,
    );
  }

  /** Lookup by an `InstrumentRequest` (`ShareBy`, `GetInstrumentBy`). */
  byRequest(request: InstrumentRequest): Instrument {
    if (!request.id) throw new ExchangeApiError(30007);
    let instrument: Instrument | undefined;
    switch (request.idType) {
      case InstrumentIdType.INSTRUMENT_ID_TYPE_FIGI:
        instrument = this.all().find((i) => i.figi === request.id);
        break;
      case InstrumentIdType.INSTRUMENT_ID_TYPE_TICKER:
        if (!request.classCode) throw new ExchangeApiError(30013);
        instrument = this.all().find(
          (i) => i.ticker === request.id && i.classCode === request.classCode,
        );
        break;
      case InstrumentIdType.INSTRUMENT_ID_TYPE_UID:
        instrument = this.byUid.get(request.id);
        break;
      case InstrumentIdType.INSTRUMENT_ID_TYPE_POSITION_UID:
        instrument = this.all().find((i) => i.positionUid === request.id);
        break;
      default:
        instrument = this.find(request.id);
    }
    if (!instrument) throw new ExchangeApiError(50002);
    return instrument;
  }
}
