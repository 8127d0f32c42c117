import { Badge, Checkbox, Fieldset, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { receptionChecks, type ReceptionCheck } from '../../../modules/service/schema.ts';
import { useReceptionOwner } from '../../api/service.ts';
import { useFormat } from '../../i18n/format.ts';
import { useVocabulary } from '../../i18n/vocabulary-labels.ts';
import type { FieldErrors } from '../../lib/field-errors.ts';

const yearMs = 365 * 86_400_000;

export type ReceptionConfirmation = { confirmed: boolean; checks: ReceptionCheck[] };

type Props = {
  vehicleId: string;
  value: ReceptionConfirmation;
  onChange: (value: ReceptionConfirmation) => void;
  errors: FieldErrors;
};

/**
 * The visit form's part for issue 6: when the owner's contact data was last confirmed (so the
 * advisor knows whether to ask) and the box that records his "yes" with the visit.
 */
export function ReceptionConfirmationField({ vehicleId, value, onChange, errors }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const { label } = useVocabulary();
  const owner = useReceptionOwner(vehicleId);
  const verification = owner.data?.verification ?? null;
  const old = verification !== null && Date.now() - Date.parse(verification.verifiedAt) > yearMs;

  return (
    <Fieldset legend={t('service.reception.title')} data-testid="reception-confirmation">
      <Stack gap="xs">
        {owner.data &&
          (verification ? (
            <Stack gap={2} data-testid="owner-last-verified">
              <Group gap={6}>
                <Text size="sm" fw={500}>
                  {t('service.reception.lastConfirmed', {
                    date: format.date(verification.verifiedAt),
                  })}
                </Text>
                <Badge size="sm" variant="light" color={old ? 'orange' : 'teal'}>
                  {label('verificationMethod', verification.method)}
                </Badge>
                {verification.verifiedBy && (
                  <Text size="sm" c="dimmed">
                    {t('service.reception.by', { name: verification.verifiedBy })}
                  </Text>
                )}
              </Group>
              {old && (
                <Text size="xs" c="orange">
                  {t('service.reception.old')}
                </Text>
              )}
            </Stack>
          ) : (
            <Text size="sm" c="orange" data-testid="owner-last-verified">
              {t('service.reception.never')}
            </Text>
          ))}
        <Checkbox
          label={t('service.reception.confirmed')}
          description={t('service.reception.confirmedHint')}
          checked={value.confirmed}
          onChange={(event) =>
            onChange({ confirmed: event.currentTarget.checked, checks: value.checks })
          }
          error={errors.dataConfirmed}
        />
        {value.confirmed && (
          <Checkbox.Group
            label={t('service.reception.checked')}
            value={value.checks}
            onChange={(checks) => onChange({ confirmed: true, checks: checks as ReceptionCheck[] })}
            error={errors.confirmedChecks}
          >
            <Group gap="md" mt={4}>
              {receptionChecks.map((check) => (
                <Checkbox key={check} value={check} label={t(`service.reception.${check}`)} />
              ))}
            </Group>
          </Checkbox.Group>
        )}
      </Stack>
    </Fieldset>
  );
}
