import { describe, expect, it } from 'vitest';
import { readyMadeJourneys as serverJourneys } from '../../modules/journeys/ready-made.ts';
import { readyMadeJourneys } from './ready-made-journeys.ts';

describe('the ready-made journeys in the reader’s language', () => {
  it('name and describe every ready-made journey in en, ru and zh', () => {
    const keys = serverJourneys().map((item) => item.key);
    for (const texts of [readyMadeJourneys.en, readyMadeJourneys.ru, readyMadeJourneys.zh]) {
      expect(Object.keys(texts).sort()).toEqual([...keys].sort());
      for (const text of Object.values(texts)) {
        expect(text.name).toBeTruthy();
        expect(text.description).toBeTruthy();
      }
    }
  });

  it('say in English what the server says', () => {
    for (const { key, body } of serverJourneys()) {
      const english = readyMadeJourneys.en[key as keyof typeof readyMadeJourneys.en];
      expect(english).toEqual({ name: body.name, description: body.description });
    }
  });
});
