import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './CircuitBreaker.js';
import { manualTime } from './manualTime.fixture.js';

function breaker() {
  const time = manualTime();
  const events: string[] = [];
  const circuit = new CircuitBreaker(
    {
      failureThreshold: 3,
      cooldownMs: 10_000,
      onOpen: (failures) => events.push(`open after ${failures}`),
      onClose: () => events.push('closed'),
    },
    time,
  );
  return { time, events, circuit };
}

describe('CircuitBreaker', () => {
  it('opens after the threshold of failures in a row and fails fast', () => {
    const { circuit, events } = breaker();
    circuit.failure(new Error('a'));
    circuit.failure(new Error('b'));
    circuit.success(); // a success in between resets the count
    circuit.failure(new Error('c'));
    circuit.failure(new Error('d'));
    expect(circuit.state).toBe('closed');
    circuit.failure(new Error('e'));
    expect(circuit.state).toBe('open');
    expect(circuit.allow()).toBe(false);
    expect(events).toEqual(['open after 3']);
  });

  it('lets one trial call through after the cooldown; its success closes the circuit', () => {
    const { circuit, events, time } = breaker();
    for (let i = 0; i < 3; i++) circuit.failure(new Error('down'));
    time.advance(10_000);
    expect(circuit.state).toBe('half-open');
    expect(circuit.allow()).toBe(true);
    expect(circuit.allow()).toBe(false); // only one trial at a time
    circuit.success();
    expect(circuit.state).toBe('closed');
    expect(events).toEqual(['open after 3', 'closed']);
  });

  it('opens again at once when the trial fails', () => {
    const { circuit, events, time } = breaker();
    for (let i = 0; i < 3; i++) circuit.failure(new Error('down'));
    time.advance(10_000);
    expect(circuit.allow()).toBe(true);
    circuit.failure(new Error('still down'));
    expect(circuit.state).toBe('open');
    expect(events).toEqual(['open after 3', 'open after 4']);
  });
});
