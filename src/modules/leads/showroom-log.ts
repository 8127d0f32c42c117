import type { LeadCaptureInput } from './capture.types.ts';

/**
 * The reception desk types a name as the visitor gives it. One word is kept as the surname
 * (the field a qualified prospect needs); of several, the first is the given name.
 */
export function splitName(name: string): { firstName?: string; lastName: string } {
  const words = name.trim().split(/\s+/);
  if (words.length === 1) return { lastName: words[0]! };
  return { firstName: words[0]!, lastName: words.slice(1).join(' ') };
}

/** The 20-second showroom log (walk-in or phone call) as a lead capture. */
export function showroomCapture(entry: {
  mode: 'walk-in' | 'phone';
  name: string;
  phone: string;
  model?: string | undefined;
  source: string;
  dealerCode?: string | undefined;
  brandCode?: string | undefined;
  comment?: string | undefined;
}): LeadCaptureInput {
  return {
    source: entry.source,
    ...(entry.dealerCode ? { dealerCode: entry.dealerCode } : {}),
    ...(entry.brandCode ? { brandCode: entry.brandCode } : {}),
    person: {
      kind: 'person',
      ...splitName(entry.name),
      phones: [{ number: entry.phone }],
      emails: [],
    },
    ...(entry.model ? { vehicles: [{ model: entry.model }] } : {}),
    ...(entry.comment ? { comment: entry.comment } : {}),
    contactMode: entry.mode,
  };
}
