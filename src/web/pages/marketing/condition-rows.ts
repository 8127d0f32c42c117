import type { RfmSegment } from '../../../modules/analytics/schema.ts';
import type { CampaignResponse } from '../../../modules/marketing/schema.ts';
import type { Condition } from '../../api/marketing.ts';

/**
 * The builder's rows: each a familiar question ("had a service visit in the last 6 months")
 * that becomes one node of the segment's condition tree. The server's tree has more kinds;
 * these are the ones a marketer asks for most (seed 004's dormant customers among them).
 * `json` takes any other node as its JSON text, so every tree the API accepts can be shown.
 */
export const rowKinds = [
  'serviceWithin',
  'serviceAverage',
  'purchaseWithin',
  'verifiedWithin',
  'vehicle',
  'lifecycle',
  'consent',
  'field',
  'birthday',
  'interest',
  'club',
  'churn',
  'campaignResponse',
  'json',
] as const;
export type RowKind = (typeof rowKinds)[number];
export type Unit = 'days' | 'weeks' | 'months' | 'years';

export type Row = {
  id: number;
  kind: RowKind;
  not: boolean;
  amount: number;
  unit: Unit;
  min: number | '';
  max: number | '';
  text: string;
  values: string[];
  field: 'first_name' | 'last_name' | 'gender' | 'preferred_language';
  op: 'eq' | 'contains' | 'starts_with' | 'is_empty';
  /** the node as JSON text (kind `json`) */
  json: string;
};

let next = 1;
/** A key for React: rows and groups of the editor share one counter. */
export function newId(): number {
  return next++;
}

export function newRow(kind: RowKind): Row {
  return {
    id: newId(),
    kind,
    not: false,
    amount:
      kind === 'birthday'
        ? 7
        : kind === 'serviceWithin'
          ? 6
          : kind === 'verifiedWithin'
            ? 24
            : kind === 'club'
              ? 0
              : kind === 'churn'
                ? 30
                : kind === 'campaignResponse'
                  ? 3
                  : 2,
    // data stewards count verification in months ("not verified in the last 24 months")
    unit:
      kind === 'serviceWithin' || kind === 'verifiedWithin' || kind === 'campaignResponse'
        ? 'months'
        : 'years',
    min: '',
    max: '',
    text: '',
    values:
      kind === 'lifecycle'
        ? ['owner']
        : kind === 'consent'
          ? ['email']
          : kind === 'campaignResponse'
            ? ['clicked']
            : [],
    field: 'last_name',
    op: 'contains',
    json: '',
  };
}

/** The JSON text of a `json` row as a node, or null when it is not (yet) an object with a type. */
export function parseJsonCondition(text: string): Condition | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      typeof (value as { type?: unknown }).type === 'string'
      ? (value as Condition)
      : null;
  } catch {
    return null;
  }
}

const words = (text: string) =>
  text
    .split(',')
    .map((word) => word.trim())
    .filter(Boolean);

const range = (row: Row) => {
  const result: { min?: number; max?: number } = {};
  if (row.min !== '') result.min = Math.round(row.min * 100);
  if (row.max !== '') result.max = Math.round(row.max * 100);
  return result;
};

/** One row as a tree node, or null while it is incomplete (it then does not count). */
export function rowCondition(row: Row): Condition | null {
  const since = { from: { ago: { amount: row.amount, unit: row.unit } } };
  let condition: Condition | null = null;
  switch (row.kind) {
    case 'serviceWithin':
      condition = { type: 'service', when: since };
      break;
    case 'serviceAverage': {
      const average = range(row);
      condition =
        average.min === undefined && average.max === undefined
          ? null
          : { type: 'service', when: since, average };
      break;
    }
    case 'purchaseWithin':
      condition = { type: 'purchase', when: since };
      break;
    case 'verifiedWithin':
      // "not verified for N" is this row negated: a never-verified record fails the window
      condition = { type: 'date', field: 'verified_at', window: since };
      break;
    case 'vehicle': {
      const makes = words(row.text);
      const models = words(row.values.join(','));
      condition =
        makes.length || models.length
          ? {
              type: 'vehicle',
              ...(makes.length ? { makes } : {}),
              ...(models.length ? { models } : {}),
            }
          : null;
      break;
    }
    case 'lifecycle':
      condition = row.values.length
        ? {
            type: 'lifecycle',
            stages: row.values as ('prospect' | 'customer' | 'owner' | 'lost')[],
          }
        : null;
      break;
    case 'consent':
      condition = {
        type: 'consent',
        channel: (row.values[0] ?? 'email') as 'email',
        purpose: 'marketing',
        granted: true,
      };
      break;
    case 'field':
      condition =
        row.op === 'is_empty'
          ? { type: 'field', field: row.field, op: 'is_empty', values: [] }
          : row.text.trim()
            ? { type: 'field', field: row.field, op: row.op, values: [row.text.trim()] }
            : null;
      break;
    case 'birthday':
      condition = { type: 'anniversary', of: 'birthday', nextDays: row.amount };
      break;
    case 'interest':
      condition = words(row.text).length
        ? { type: 'tag', set: 'interests', op: 'any', values: words(row.text) }
        : null;
      break;
    case 'club': {
      // member tags are `kind:value` (hobby:offroad, model:X5); every one given must be there
      const tags = words(row.text);
      condition = {
        type: 'club',
        ...(row.amount > 0 ? { minBalance: row.amount } : {}),
        ...(tags.length ? { tags } : {}),
      };
      break;
    }
    case 'churn':
      // the row asks "probability still active below N %", optionally within RFM segments
      condition =
        row.amount > 0 && row.amount <= 100
          ? {
              type: 'churn',
              maxPActive: row.amount / 100,
              ...(row.values.length ? { segments: row.values as RfmSegment[] } : {}),
            }
          : null;
      break;
    case 'campaignResponse':
      // "clicked in a campaign in the last 3 months"; campaigns, channels and counts stay JSON
      condition = {
        type: 'campaign',
        response: (row.values[0] ?? 'clicked') as CampaignResponse,
        when: since,
      };
      break;
    case 'json':
      condition = parseJsonCondition(row.json);
      break;
  }
  if (!condition) return null;
  return row.not ? { type: 'not', condition } : condition;
}
