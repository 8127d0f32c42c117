import { describe, expect, it } from 'vitest';
import { allowedActions, nextStatus } from './transitions.ts';

describe('the complaint state machine', () => {
  it('goes open -> investigating -> resolved -> closed', () => {
    expect(nextStatus('open', 'investigate')).toBe('investigating');
    expect(nextStatus('investigating', 'resolve')).toBe('resolved');
    expect(nextStatus('resolved', 'close')).toBe('closed');
  });

  it('reopens a resolved or closed complaint, and nothing else', () => {
    expect(nextStatus('resolved', 'reopen')).toBe('open');
    expect(nextStatus('closed', 'reopen')).toBe('open');
    expect(nextStatus('open', 'reopen')).toBeUndefined();
    expect(nextStatus('investigating', 'reopen')).toBeUndefined();
  });

  it('skips no step: an open complaint is not resolved or closed unread', () => {
    expect(nextStatus('open', 'resolve')).toBeUndefined();
    expect(nextStatus('open', 'close')).toBeUndefined();
    expect(nextStatus('investigating', 'close')).toBeUndefined();
    expect(nextStatus('closed', 'investigate')).toBeUndefined();
  });

  it('offers the actions each state allows', () => {
    expect(allowedActions('open')).toEqual(['investigate']);
    expect(allowedActions('investigating')).toEqual(['resolve']);
    expect(allowedActions('resolved')).toEqual(['close', 'reopen']);
    expect(allowedActions('closed')).toEqual(['reopen']);
  });
});
