import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineAlert } from '../contracts/define.js';
import { pluginPackageProblems, undescribedParams } from './pluginPackage.js';

const channel = (params: z.ZodType) =>
  defineAlert({ id: 'pager', params, create: () => ({ send: async () => {} }) });
const manifest = (moexBot: object) => ({ name: 'moex-bot-alert-pager', moexBot });
const GOOD = { manifestVersion: 1, kind: 'alert', id: 'pager' };

describe('pluginPackageProblems', () => {
  it('finds nothing wrong with a sound package', () => {
    const params = z.object({ url: z.string().describe('Where to send') });
    expect(pluginPackageProblems(channel(params), manifest(GOOD))).toEqual([]);
  });

  it('names a definition that disagrees with its manifest, a bad manifest and a foreign export', () => {
    const sound = channel(z.object({}));
    expect(pluginPackageProblems(sound, manifest({ ...GOOD, id: 'beeper' }))).toEqual([
      'the definition is alert:pager but the manifest says alert:beeper',
    ]);
    expect(pluginPackageProblems(sound, manifest({ ...GOOD, kind: 'pager' }))).toHaveLength(1);
    expect(pluginPackageProblems({ send: () => {} }, manifest(GOOD))).toEqual([
      'the default export is not made by defineStrategy/defineRisk/defineAlert/defineBroker',
    ]);
  });

  it('lists undescribed parameters by dotted path, through optional and default wrappers', () => {
    const params = z.object({
      url: z.string(),
      retry: z
        .object({ times: z.number().describe('How often'), pause: z.number().optional() })
        .default({ times: 1 })
        .describe('Retries'),
    });
    expect(undescribedParams(params)).toEqual(['url', 'retry.pause']);
    expect(pluginPackageProblems(channel(params), manifest(GOOD))).toEqual([
      'parameter url has no description',
      'parameter retry.pause has no description',
    ]);
  });
});
