import { describe, expect, it } from 'vitest';
import { comparisons } from '../../../modules/quality/matching/comparisons.ts';
import { en } from '../../i18n/en.ts';
import { ru } from '../../i18n/ru.ts';
import { zh } from '../../i18n/zh.ts';
import { quality } from '../../i18n/quality.ts';
import { survivingFieldNames } from '../../../modules/quality/merge/survivorship.ts';
import {
  customerColumnLabelKey,
  evidenceFields,
  evidenceLevelKey,
  isEvidenceField,
} from './evidence-labels.ts';

describe('the evidence of a duplicate pair in the reviewer’s language', () => {
  it('has a label for every field and level the matching engine explains with', () => {
    for (const spec of comparisons) {
      expect(isEvidenceField(spec.key), spec.key).toBe(true);
      for (const level of spec.levels) {
        const key = evidenceLevelKey(level);
        expect(key, `${spec.key}: ${level}`).toBeDefined();
        for (const texts of [quality.en, quality.ru, quality.zh]) {
          expect(texts.evidence.level[key!]).toBeTruthy();
        }
      }
    }
    expect([...evidenceFields].sort()).toEqual(comparisons.map((spec) => spec.key).sort());
    for (const texts of [quality.en, quality.ru, quality.zh]) {
      for (const field of evidenceFields) expect(texts.evidence.field[field]).toBeTruthy();
    }
  });

  it('names every column a merge may take from the other record in words', () => {
    for (const column of survivingFieldNames) {
      const key = customerColumnLabelKey(column);
      expect(key, column).toBeDefined();
      for (const texts of [en, ru, zh]) {
        const text = key!
          .split('.')
          .reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], texts);
        expect(typeof text, `${column} → ${key}`).toBe('string');
      }
    }
  });
});
