import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES, MAX_ARGS_LENGTH, mayUse, parseCommand } from './commands.js';

describe('parseCommand', () => {
  it('reads the command in lower case and the rest as arguments', () => {
    expect(parseCommand('/HALT  news at   10:00 ')).toEqual({
      name: 'halt',
      args: 'news at 10:00',
    });
    expect(parseCommand('/status')).toEqual({ name: 'status', args: '' });
    expect(parseCommand('/confirm\n4821')).toEqual({ name: 'confirm', args: '4821' });
  });

  it('takes commands addressed to this bot and ignores those for another bot', () => {
    expect(parseCommand('/status@Moex_Ops_Bot', 'moex_ops_bot')).toEqual({
      name: 'status',
      args: '',
    });
    expect(parseCommand('/status@other_bot', 'moex_ops_bot')).toBeUndefined();
  });

  it('is undefined for text that is not a command', () => {
    for (const text of ['hello', ' status', '/', '//halt', '/halt-now', '']) {
      expect(parseCommand(text), text).toBeUndefined();
    }
  });

  it('keeps at most MAX_ARGS_LENGTH characters of arguments', () => {
    expect(parseCommand(`/halt ${'x'.repeat(500)}`)!.args).toHaveLength(MAX_ARGS_LENGTH);
  });
});

describe('mayUse', () => {
  it('lets viewers read and only operators act or confirm', () => {
    const viewer = COMMAND_NAMES.filter((name) => mayUse('viewer', name));
    expect(viewer).toEqual(['status', 'positions', 'orders', 'pnl', 'help', 'start']);
    expect(COMMAND_NAMES.every((name) => mayUse('operator', name))).toBe(true);
  });
});
