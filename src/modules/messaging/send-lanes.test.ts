import { describe, expect, it } from 'vitest';
import { sendLanes } from './send-lanes.ts';

const drain = (take: () => string | undefined) => {
  const taken: string[] = [];
  for (let row = take(); row; row = take()) taken.push(row);
  return taken;
};

describe('send lanes', () => {
  it('opens no more lanes than the bound or than there are people', () => {
    const rows = ['a1', 'b1', 'c1', 'a2'];
    expect(sendLanes(rows, (row) => row[0]!, 8).lanes).toHaveLength(3);
    expect(sendLanes(rows, (row) => row[0]!, 2).lanes).toHaveLength(2);
    expect(sendLanes([], (row: string) => row, 4).lanes).toHaveLength(1);
  });

  it("keeps a person's rows in one lane, in order, and hands each row out once", () => {
    const rows = ['a1', 'b1', 'a2', 'c1', 'b2', 'a3', 'd1'];
    const { lanes } = sendLanes(rows, (row) => row[0]!, 2);
    // the first lane takes a's rows, then the next person nobody has taken yet
    const first = drain(lanes[0]!);
    const second = drain(lanes[1]!);
    expect(first).toEqual(['a1', 'a2', 'a3', 'b1', 'b2', 'c1', 'd1']);
    expect(second).toEqual([]);
    const { lanes: turns } = sendLanes(rows, (row) => row[0]!, 2);
    // taking in turns, as lanes do while their messages are in flight
    const taken: string[][] = [[], []];
    for (let step = 0; step < 10; step++) {
      const row = turns[step % 2]!();
      if (row) taken[step % 2]!.push(row);
    }
    expect(taken).toEqual([
      ['a1', 'a2', 'a3', 'd1'],
      ['b1', 'b2', 'c1'],
    ]);
  });

  it('gives nothing more once stopped', () => {
    const { lanes, stop } = sendLanes(['a1', 'a2', 'b1'], (row) => row[0]!, 2);
    expect(lanes[0]!()).toBe('a1');
    stop();
    expect(lanes[0]!()).toBeUndefined();
    expect(lanes[1]!()).toBeUndefined();
  });
});
