import { Alert, Button, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconMailQuestion } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { useDataChecks, useRequestDataCheck, type DataCheckView } from '../../api/data-checks.ts';
import { errorMessage } from '../../api/error-message.ts';
import { useFormat } from '../../i18n/format.ts';

const refusals = {
  no_email: 'dataCheck.noEmail',
  no_consent: 'dataCheck.noConsent',
  do_not_contact: 'dataCheck.doNotContact',
  already_asked: 'dataCheck.alreadyAsked',
} as const;

/**
 * "Ask the customer to confirm by e-mail" on the Data verification card, with where the latest
 * request stands (waiting, confirmed, something wrong, expired).
 */
export function DataCheckAction({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const checks = useDataChecks(customerId);
  const request = useRequestDataCheck(customerId);
  const latest = checks.data?.items[0];
  const code = isApiError(request.error) ? request.error.fields[0]?.code : undefined;
  const refusal = code && code in refusals ? refusals[code as keyof typeof refusals] : undefined;

  return (
    <>
      {latest && <LatestCheck check={latest} />}
      {request.error ? (
        <Alert mt="sm" color="orange" data-testid="data-check-error">
          {refusal ? t(refusal) : errorMessage(request.error)}
        </Alert>
      ) : null}
      <Button
        mt="sm"
        fullWidth
        variant="subtle"
        leftSection={<IconMailQuestion size={16} />}
        loading={request.isPending}
        data-testid="data-check-ask"
        onClick={() =>
          request.mutate(undefined, {
            onSuccess: () => notifications.show({ color: 'teal', message: t('dataCheck.sent') }),
          })
        }
      >
        {t('dataCheck.ask')}
      </Button>
    </>
  );
}

function LatestCheck({ check }: { check: DataCheckView }) {
  const { t } = useTranslation();
  const format = useFormat();
  const text =
    check.answer === 'correct'
      ? t('dataCheck.correct', { date: format.date(check.answeredAt) })
      : check.answer === 'wrong'
        ? t('dataCheck.wrong', {
            date: format.date(check.answeredAt),
            note: check.answerNote ?? '',
          })
        : Date.parse(check.expiresAt) < Date.now()
          ? t('dataCheck.expired', { date: format.date(check.requestedAt) })
          : t('dataCheck.waiting', {
              date: format.date(check.requestedAt),
              name: check.requestedBy ?? t('dataCheck.someone'),
            });
  return (
    <Text
      size="xs"
      mt="sm"
      c={check.answer === 'wrong' ? 'orange' : 'dimmed'}
      data-testid="data-check-latest"
    >
      {text}
    </Text>
  );
}
