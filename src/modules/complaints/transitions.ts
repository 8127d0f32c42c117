import type { ComplaintStatus } from './schema.ts';

/**
 * The complaint's life (issue 4): open -> investigating -> resolved -> closed, and a resolved or
 * closed complaint the customer is not satisfied with is reopened (back to open, with a new SLA).
 * A complaint is investigated before it is resolved, so that no one "resolves" it unread.
 */
export const complaintActions = ['investigate', 'resolve', 'close', 'reopen'] as const;
export type ComplaintAction = (typeof complaintActions)[number];

const moves: Record<ComplaintAction, { from: readonly ComplaintStatus[]; to: ComplaintStatus }> = {
  investigate: { from: ['open'], to: 'investigating' },
  resolve: { from: ['investigating'], to: 'resolved' },
  close: { from: ['resolved'], to: 'closed' },
  reopen: { from: ['resolved', 'closed'], to: 'open' },
};

/** The state an action leads to from a state, or undefined when the move is not allowed. */
export function nextStatus(
  from: ComplaintStatus,
  action: ComplaintAction,
): ComplaintStatus | undefined {
  const move = moves[action];
  return move.from.includes(from) ? move.to : undefined;
}

/** The actions open to a complaint in a state, for the buttons of the web page. */
export function allowedActions(from: ComplaintStatus): ComplaintAction[] {
  return complaintActions.filter((action) => nextStatus(from, action) !== undefined);
}
