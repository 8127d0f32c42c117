import { Anchor, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PeriodSpan } from './default-period.ts';

/**
 * Under a report's period fields: which period the report opens on, and, once the user has
 * picked another, a way back to it.
 */
export function PeriodNote(props: { span: PeriodSpan; picked: boolean; onReset: () => void }) {
  const { t } = useTranslation();
  return (
    <Text size="xs" c="dimmed" data-testid="period-note">
      {t(`analytics.period.${props.span}`)}
      {props.picked && (
        <>
          {' · '}
          <Anchor component="button" type="button" size="xs" onClick={props.onReset}>
            {t('analytics.period.reset')}
          </Anchor>
        </>
      )}
    </Text>
  );
}
