import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA_ID, configJsonSchema } from './configJsonSchema.js';

describe('configJsonSchema', () => {
  const schema = configJsonSchema() as {
    $id: string;
    title: string;
    properties: Record<
      string,
      {
        properties?: Record<string, unknown>;
        items?: { required?: string[]; additionalProperties?: unknown };
      }
    >;
    required: string[];
    additionalProperties: unknown;
  };

  it('describes the input side of the operator config', () => {
    expect(schema.$id).toBe(CONFIG_SCHEMA_ID);
    expect(schema.title).toBe('moex-bot operator config');
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['instruments', 'strategies', 'risk', 'broker', 'alerts', 'backtest']),
    );
    expect(schema.required).toEqual(['instruments', 'strategies']);
    // Fields with defaults or filled by the transform are optional to write.
    expect(schema.properties['instruments']?.items?.required).toEqual([
      'ticker',
      'lot',
      'minPriceIncrement',
    ]);
  });

  it('forbids unknown keys, as the loader does', () => {
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties['instruments']?.items?.additionalProperties).toBe(false);
    expect(schema.properties['strategies']?.items?.additionalProperties).toBe(false);
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });
});
