import { Alert, Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PossibleDuplicate } from '../../api/quality.ts';
import { useFormat } from '../../i18n/format.ts';
import { isEvidenceField } from './evidence-labels.ts';

/**
 * Shown after a new customer is saved when the duplicate check found people who may be the
 * same: open the existing record, or go on to the new one. The pairs wait in the review queue
 * too (quality's one capture check), which the alert says.
 */
export function PossibleDuplicatesAlert({
  duplicates,
  newId,
}: {
  duplicates: PossibleDuplicate[];
  newId: string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  // the engine's field keys (firstName, patronymic ...) in the reader's language
  const fieldLabel = (field: string) =>
    isEvidenceField(field) ? t(`quality.evidence.field.${field}`) : field;
  return (
    <Alert color="orange" title={t('quality.capture.title')} data-testid="possible-duplicates">
      <Stack gap="xs">
        <Text size="sm">{t('quality.capture.text')}</Text>
        <Text size="xs" c="dimmed">
          {t('quality.capture.queued')}
        </Text>
        {duplicates.map((duplicate) => (
          <Group key={duplicate.id} justify="space-between">
            <Text size="sm">
              <strong>{duplicate.displayName}</strong> · {format.percent(duplicate.probability)} ·{' '}
              {t('quality.capture.matchedOn')}: {duplicate.matchedOn.map(fieldLabel).join(', ')}
            </Text>
            <Anchor component={Link} to={`/customers/${duplicate.id}`} size="sm">
              {t('quality.capture.openExisting')}
            </Anchor>
          </Group>
        ))}
        <Group>
          <Button component={Link} to={`/customers/${newId}`} variant="default" size="xs">
            {t('quality.capture.openNew')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
