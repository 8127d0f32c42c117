import type { Condition } from '../../api/marketing.ts';
import { summary, treeToEditor, type SummaryWords } from '../marketing/condition-tree.ts';

/** About two lines of a step card; longer summaries end in an ellipsis, the rest in a tooltip. */
export const cardSummaryLength = 80;

/** The text cut to `max` characters, the last one an ellipsis, when it is longer. */
export function clip(text: string, max = cardSummaryLength): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max - 1).trimEnd()}…`;
}

/** A condition step's tree in the segment builder's words ("All of: A, not B"); a single
 * condition without a group around it reads without "All of". */
export function conditionSummary(condition: Condition, words: SummaryWords): string {
  const root = treeToEditor(condition);
  const only = root.bare && root.children.length === 1 ? root.children[0] : undefined;
  return summary(only ?? root, words);
}
