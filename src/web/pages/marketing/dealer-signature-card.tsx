import { Button, Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDealerSignature, useSaveDealerSignature } from '../../api/dealer-texts.ts';
import { useDealers } from '../../api/org.ts';
import { FormError } from '../../components/form-error.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { fieldErrors } from '../../lib/field-errors.ts';
import { useSession } from '../../session/session-context.tsx';
import { DealerTextsFields, textsInput } from './dealer-texts-fields.tsx';

/**
 * A dealer's marketing signature, `{{dealer.signature}}` in every template: a dealer's user
 * keeps his own; a brand's or the group's marketer chooses one of the dealers in his scope.
 */
export function DealerSignatureCard() {
  const { t } = useTranslation();
  const me = useSession();
  const dealers = useDealers();
  const [chosen, setChosen] = useState<string | null>(me.dealerId);
  const dealerId = me.dealerId ?? chosen;
  const signature = useDealerSignature(dealerId);
  const save = useSaveDealerSignature(dealerId);
  const [texts, setTexts] = useState(textsInput(undefined));
  // the form starts from what is stored for the dealer shown
  useEffect(() => {
    setTexts(textsInput(signature.data?.texts));
    save.reset();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reset on a new answer only
  }, [signature.data]);
  const mayEdit = signature.data?.mayEdit ?? false;
  const choices = (dealers.data ?? []).filter((dealer) => dealer.inScope && dealer.active);
  return (
    <Card data-testid="dealer-signature">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('dealerTexts.signature.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('dealerTexts.signature.intro', { field: '{{dealer.signature}}' })}
        </Text>
        {!me.dealerId && (
          <Select
            label={t('dealerTexts.signature.dealer')}
            placeholder={t('dealerTexts.signature.chooseDealer')}
            searchable
            value={chosen}
            onChange={setChosen}
            data={choices.map((dealer) => ({ value: dealer.id, label: dealer.name }))}
            maw={360}
            data-testid="dealer-signature-dealer"
          />
        )}
        {signature.isError && <QueryError error={signature.error} />}
        {signature.data && (
          <>
            <DealerTextsFields
              value={texts}
              onChange={setTexts}
              errors={fieldErrors(save.error)}
              maxLength={600}
              disabled={!mayEdit}
              testId="dealer-signature-text"
            />
            {!mayEdit && (
              <Text size="sm" c="dimmed">
                {t('dealerTexts.signature.readOnly')}
              </Text>
            )}
            <FormError error={save.error} shownPaths={(path) => path.startsWith('texts.')} />
            {mayEdit && (
              <Group>
                <Button
                  loading={save.isPending}
                  onClick={() =>
                    save.mutate(texts, {
                      onSuccess: () =>
                        notifications.show({
                          color: 'green',
                          message: t('dealerTexts.signature.saved'),
                        }),
                    })
                  }
                  data-testid="dealer-signature-save"
                >
                  {t('dealerTexts.signature.save')}
                </Button>
              </Group>
            )}
          </>
        )}
      </Stack>
    </Card>
  );
}
