import { Badge, Button, Collapse, Table, Text } from '@mantine/core';
import { IconPlus, IconShieldCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { contactChannels } from '../../../modules/customers/vocabulary.ts';
import type { Consent, Customer360 } from '../../api/types.ts';
import { SectionCard } from '../../components/section-card.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useVocabulary } from '../../i18n/vocabulary-labels.ts';
import { useCan } from '../../session/session-context.tsx';
import { ConsentForm } from './consent-form.tsx';

/** Per channel: may we contact this customer, since when, and how was it recorded. */
export function ConsentsCard({ customer }: { customer: Customer360 }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { label } = useVocabulary();
  const canWrite = useCan('consents:write');
  const [formOpen, setFormOpen] = useState(false);

  const rows = contactChannels.flatMap((channel) => {
    const records = customer.consents.filter((consent) => consent.channel === channel);
    return records.length > 0
      ? records.map((consent) => ({ channel, consent }))
      : [{ channel, consent: null as Consent | null }];
  });

  return (
    <SectionCard
      title={t('customer.consents')}
      icon={<IconShieldCheck size={18} />}
      testId="consents-card"
      actions={
        canWrite &&
        !formOpen && (
          <Button
            size="compact-sm"
            variant="subtle"
            leftSection={<IconPlus size={14} />}
            onClick={() => setFormOpen(true)}
          >
            {t('customer.recordConsent')}
          </Button>
        )
      }
    >
      <Text size="xs" c="dimmed" mb="xs">
        {t('customer.consentHint')}
      </Text>
      <Table verticalSpacing={6} horizontalSpacing="xs" fz="sm">
        <Table.Tbody>
          {rows.map(({ channel, consent }) => (
            <Table.Tr key={`${channel}:${consent?.purpose ?? ''}`}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {label('contactChannel', channel)}
                  {consent && consent.purpose !== 'marketing' && (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      · {label('consentPurpose', consent.purpose)}
                    </Text>
                  )}
                </Text>
                {consent && (
                  <Text size="xs" c="dimmed">
                    {label('consentMethod', consent.method)} · {format.date(consent.effectiveAt)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {consent ? (
                  <Badge size="sm" color={consent.status === 'granted' ? 'teal' : 'red'}>
                    {label('consentStatus', consent.status)}
                  </Badge>
                ) : (
                  <Badge size="sm" color="gray" variant="outline">
                    {t('consentStatus.none')}
                  </Badge>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Collapse expanded={formOpen} keepMounted={false}>
        <ConsentForm customerId={customer.profile.id} onDone={() => setFormOpen(false)} />
      </Collapse>
    </SectionCard>
  );
}
