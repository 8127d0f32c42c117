/**
 * How an SMS text travels: in the GSM 03.38 alphabet 160 characters fit one message (153 per
 * part when it is split, the rest carries the joining header), and the characters of the
 * extension table take two; any other character (Cyrillic, Chinese, most emoji) switches the
 * whole text to UCS-2, 70 per message and 67 per part, counted in UTF-16 units.
 */
const gsmBasic = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const gsmExtension = new Set('^{}\\[~]|€\f');

export type SmsLength = { encoding: 'gsm7' | 'ucs2'; length: number; segments: number };

export function smsLength(text: string): SmsLength {
  let septets = 0;
  let gsm = true;
  for (const char of text) {
    if (gsmBasic.has(char)) septets += 1;
    else if (gsmExtension.has(char)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) {
    return { encoding: 'gsm7', length: septets, segments: parts(septets, 160, 153) };
  }
  return { encoding: 'ucs2', length: text.length, segments: parts(text.length, 70, 67) };
}

function parts(length: number, single: number, multi: number): number {
  if (length === 0) return 0;
  return length <= single ? 1 : Math.ceil(length / multi);
}
