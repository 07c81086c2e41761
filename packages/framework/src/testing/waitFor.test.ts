import { describe, expect, it } from 'vitest';
import { waitFor } from './waitFor.js';

describe('waitFor', () => {
  it('resolves once the condition holds', async () => {
    let polls = 0;
    await waitFor(() => ++polls === 3);
    expect(polls).toBe(3);
  });

  it('rejects, naming the wait, when the condition never holds', async () => {
    await expect(waitFor(() => false, 20)).rejects.toThrow('condition not met in 20 ms');
  });
});
