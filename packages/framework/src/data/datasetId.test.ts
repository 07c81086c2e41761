import { describe, expect, it } from 'vitest';
import { datasetId, datasetIdProblem, formatDatasetId, parseDatasetId } from './datasetId.js';

describe('dataset ids', () => {
  it('prints and parses source/interval/instrument', () => {
    const id = parseDatasetId('tinvest/1m/SBER');
    expect(id).toEqual({ source: 'tinvest', interval: '1m', instrument: 'SBER' });
    expect(formatDatasetId(id)).toBe('tinvest/1m/SBER');
    expect(datasetId({ source: 'csv', interval: '1h', instrument: 'SiZ6' }).instrument).toBe(
      'SiZ6',
    );
  });

  it('refuses names that could not be store keys, saying why', () => {
    expect(() => parseDatasetId('tinvest/SBER')).toThrow(/not source\/interval\/instrument/);
    expect(datasetIdProblem({ source: 'T-Invest', interval: '1m', instrument: 'SBER' })).toMatch(
      /source "T-Invest"/,
    );
    expect(datasetIdProblem({ source: 'csv', interval: 'minute', instrument: 'SBER' })).toMatch(
      /interval/,
    );
    for (const instrument of ['..', '.hidden', 'a/b', 'SB ER', '']) {
      expect(() => datasetId({ source: 'csv', interval: '1m', instrument })).toThrow(
        expect.objectContaining({ code: 'MOEXBOT_ERR_CLI_USAGE' }),
      );
    }
  });
});
