import { expiresIn, isPreferencesLink, type LinkSigner } from './links.ts';
import { beforeBodyEnd, decodeAttr, escapeAttr, withUnsubscribeFooter } from './unsubscribe.ts';

/** Whose e-mail a tracked link belongs to: a campaign's, or a journey run's step. */
export type TrackedMessage =
  | { campaignId: string; customerId: string }
  | { journeyRunId: string; stepId: string; customerId: string };

function clickToken(signer: LinkSigner, ids: TrackedMessage, url: string, expiry: number) {
  return 'campaignId' in ids
    ? signer.sign({ k: 'click', c: ids.campaignId, p: ids.customerId, u: url, e: expiry })
    : signer.sign({
        k: 'jclick',
        r: ids.journeyRunId,
        s: ids.stepId,
        p: ids.customerId,
        u: url,
        e: expiry,
      });
}

function openToken(signer: LinkSigner, ids: TrackedMessage, expiry: number) {
  return 'campaignId' in ids
    ? signer.sign({ k: 'open', c: ids.campaignId, p: ids.customerId, e: expiry })
    : signer.sign({ k: 'jopen', r: ids.journeyRunId, s: ids.stepId, p: ids.customerId, e: expiry });
}

/**
 * Click tracking on every http(s) link except the unsubscribe and preferences links, and the open pixel. A
 * journey's links go to the journeys module's own addresses (/m/j/…), which record on the run.
 */
export function addTracking(
  html: string,
  signer: LinkSigner,
  base: string,
  ids: TrackedMessage,
  unsubscribe: string,
): string {
  const prefix = 'campaignId' in ids ? `${base}/m` : `${base}/m/j`;
  const expiry = expiresIn(365);
  // anchors only: stylesheet and font links in the head are not clicks; the unsubscribe link
  // stays as it is (it is no click)
  const tracked = html.replace(
    /(<a\b[^>]*?\shref=")(https?:\/\/[^"]+)"/gi,
    (whole, start: string, url: string) => {
      const target = decodeAttr(url);
      // nor is a visit to one's own preferences page
      if (target === unsubscribe || isPreferencesLink(base, target)) return whole;
      const token = clickToken(signer, ids, target, expiry);
      return `${start}${escapeAttr(`${prefix}/c?t=${token}`)}"`;
    },
  );
  const pixelToken = openToken(signer, ids, expiry);
  const pixel = `<img src="${prefix}/o.gif?t=${pixelToken}" width="1" height="1" alt="" style="display:block;height:1px;width:1px;border:0">`;
  return beforeBodyEnd(withUnsubscribeFooter(tracked, unsubscribe), pixel);
}
