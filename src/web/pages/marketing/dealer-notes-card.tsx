import { Alert, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Campaign } from '../../api/marketing.ts';
import { useDealerNotes, useSaveDealerNote } from '../../api/dealer-texts.ts';
import { useDealers } from '../../api/org.ts';
import { FormError } from '../../components/form-error.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { fieldErrors } from '../../lib/field-errors.ts';
import { DealerTextsFields, textsInput } from './dealer-texts-fields.tsx';

/**
 * A group or brand campaign's paragraphs of its dealers (`{{dealer.note}}`): a dealer's user
 * writes his own until the campaign is sent; the owner sees which dealers wrote one.
 */
export function DealerNotesCard({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const format = useFormat();
  const dealers = useDealers();
  const shared = campaign.ownerLevel !== 'dealer';
  const notes = useDealerNotes(campaign.id, shared);
  const save = useSaveDealerNote(campaign.id);
  const data = notes.data;
  const ownId = data?.writableDealerIds[0] ?? null;
  const own = data?.items.find((item) => item.dealerId === ownId);
  const [texts, setTexts] = useState(textsInput(undefined));
  useEffect(() => {
    setTexts(textsInput(own?.texts));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reset on a new answer only
  }, [data]);
  if (!shared) return null;
  const field = '{{dealer.note}}';
  // a dealer's user reads only his own paragraph in the editor; the table is the owner's view
  const others = data?.items.filter((item) => item.dealerId !== ownId || !data.open) ?? [];
  return (
    <Card data-testid="dealer-notes">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('dealerTexts.notes.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('dealerTexts.notes.intro', { field })}
        </Text>
        {notes.isError && <QueryError error={notes.error} />}
        {data && !data.usedInTemplate && (
          <Alert color="yellow" data-testid="dealer-notes-unused">
            {t('dealerTexts.notes.notInTemplate', { field })}
          </Alert>
        )}
        {data && !data.open && (
          <Text size="sm" c="dimmed">
            {t('dealerTexts.notes.closed')}
          </Text>
        )}
        {data?.open && ownId && (
          <Stack gap="xs">
            <Text fw={600} size="sm">
              {t('dealerTexts.notes.yours', {
                dealer: own?.dealerName ?? dealers.data?.find((d) => d.id === ownId)?.name ?? '',
              })}
            </Text>
            <DealerTextsFields
              value={texts}
              onChange={setTexts}
              errors={fieldErrors(save.error)}
              maxLength={2000}
              testId="dealer-note-text"
            />
            <FormError error={save.error} shownPaths={(path) => path.startsWith('texts.')} />
            <Group>
              <Button
                loading={save.isPending}
                onClick={() =>
                  save.mutate(
                    { dealerId: ownId, texts },
                    {
                      onSuccess: () =>
                        notifications.show({
                          color: 'green',
                          message: t('dealerTexts.notes.saved'),
                        }),
                    },
                  )
                }
                data-testid="dealer-note-save"
              >
                {t('dealerTexts.notes.save')}
              </Button>
            </Group>
          </Stack>
        )}
        {data && data.items.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('dealerTexts.notes.none')}
          </Text>
        )}
        {others.length > 0 && (
          <Table verticalSpacing="xs" data-testid="dealer-notes-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('dealerTexts.notes.dealer')}</Table.Th>
                <Table.Th>{t('dealerTexts.notes.text')}</Table.Th>
                <Table.Th>{t('dealerTexts.notes.updated')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {others.map((item) => (
                <Table.Tr key={item.dealerId}>
                  <Table.Td>{item.dealerName}</Table.Td>
                  <Table.Td>
                    {Object.entries(item.texts).map(([language, text]) => (
                      <Text key={language} size="sm" style={{ whiteSpace: 'pre-line' }}>
                        <Text span c="dimmed" size="xs" tt="uppercase">
                          {language}
                        </Text>{' '}
                        {text}
                      </Text>
                    ))}
                  </Table.Td>
                  <Table.Td>{format.dateTime(item.updatedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}
