import { Alert, Checkbox, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import type { AttendanceRule } from '../../api/marketing.ts';
import { FormError } from '../../components/form-error.tsx';
import { useFormat } from '../../i18n/format.ts';

/** Why the server would refuse marking now, in the reader's language; null: it accepts. */
function useBlockedWhy(rule: AttendanceRule): string | null {
  const { t } = useTranslation();
  const format = useFormat();
  switch (rule.reason) {
    case null:
      return null;
    case 'read_only':
      return t('marketing.events.attendanceReadOnly');
    case 'not_yet':
      return t('marketing.events.attendanceNotYet', { opensAt: format.dateTime(rule.opensAt) });
  }
}

/**
 * The "came" box of one person holding a place, as the registrations list's `attendance`
 * allows it: marking needs the event's day and write permission, undoing write permission.
 * A box the server would refuse is disabled, with the reason on hover.
 */
export function AttendanceCheckbox({
  attended,
  rule,
  pending,
  onChange,
}: {
  attended: boolean;
  rule: AttendanceRule;
  pending: boolean;
  onChange: (attended: boolean) => void;
}) {
  const { t } = useTranslation();
  const why = useBlockedWhy(rule);
  const allowed = attended ? rule.mayUndo : rule.mayMark;
  const box = (
    <Checkbox
      aria-label={t('marketing.events.came')}
      checked={attended}
      disabled={!allowed || pending}
      onChange={(event) => onChange(event.currentTarget.checked)}
    />
  );
  if (allowed || !why) return box;
  // a disabled input gets no pointer events: the tooltip hangs on a wrapper
  return (
    <Tooltip label={why} multiline w={260}>
      <span style={{ display: 'inline-block' }} data-testid="attendance-blocked">
        {box}
      </span>
    </Tooltip>
  );
}

/** The same reason once over the list, so it is read without hovering. */
export function AttendanceNote({ rule }: { rule: AttendanceRule }) {
  const why = useBlockedWhy(rule);
  if (!why) return null;
  return (
    <Text size="sm" c="dimmed" data-testid="attendance-note">
      {why}
    </Text>
  );
}

/**
 * A failed marking or walk-in: the route's 409 `attendance_not_yet` (the day came between
 * loading the page and the click, or not yet) said as the list says it, anything else as usual.
 */
export function AttendanceError({
  error,
  shownPaths,
}: {
  error: unknown;
  shownPaths?: (path: string) => boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const notYet = isApiError(error)
    ? error.fields.find((problem) => problem.code === 'attendance_not_yet')
    : undefined;
  if (!notYet) return <FormError error={error} shownPaths={shownPaths} />;
  return (
    <Alert color="yellow" data-testid="attendance-not-yet">
      {t('marketing.events.attendanceNotYet', {
        opensAt: format.dateTime(String(notYet.params?.opensAt ?? '')),
      })}
    </Alert>
  );
}
