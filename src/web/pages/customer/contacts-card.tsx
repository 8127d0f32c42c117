import { Anchor, Badge, Button, Group, Stack, Text, ThemeIcon, Tooltip } from '@mantine/core';
import {
  IconAddressBook,
  IconAlertTriangle,
  IconAt,
  IconBrandTelegram,
  IconMapPin,
  IconPencil,
  IconPhone,
  IconStarFilled,
} from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Address, Customer360 } from '../../api/types.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { SectionCard } from '../../components/section-card.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useVocabulary } from '../../i18n/vocabulary-labels.ts';
import { formatPhone } from '../../lib/phone-format.ts';
import { useCan } from '../../session/session-context.tsx';
import { EditContactsModal } from './edit-contacts-modal.tsx';

function ContactLine(props: {
  icon: ReactNode;
  children: ReactNode;
  kind: string;
  primary?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start">
      <ThemeIcon size={26} variant="light" color="gray" radius="xl">
        {props.icon}
      </ThemeIcon>
      <div style={{ minWidth: 0, flex: 1 }}>{props.children}</div>
      <Group gap={4} wrap="nowrap">
        {props.primary && (
          <Tooltip label={t('common.primary')}>
            <IconStarFilled
              size={12}
              color="var(--mantine-color-yellow-6)"
              aria-label={t('common.primary')}
            />
          </Tooltip>
        )}
        <Badge size="xs" variant="default">
          {props.kind}
        </Badge>
      </Group>
    </Group>
  );
}

function addressLine(address: Address, country: string): string {
  return [
    address.postcode,
    country,
    address.region,
    address.city,
    address.street,
    address.building,
    address.apartment,
  ]
    .filter(Boolean)
    .join(', ');
}

/** Phones (E.164 and the text the customer gave), e-mails, messengers, addresses. */
export function ContactsCard({ customer }: { customer: Customer360 }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { label } = useVocabulary();
  const { phones, emails, messengers, addresses } = customer;
  const empty = !phones.length && !emails.length && !messengers.length && !addresses.length;
  const canEdit = useCan('customers:write');
  const [editing, setEditing] = useState(false);

  return (
    <SectionCard
      title={t('customer.contacts')}
      icon={<IconAddressBook size={18} />}
      testId="contacts-card"
      actions={
        canEdit && (
          <Button
            size="compact-sm"
            variant="subtle"
            leftSection={<IconPencil size={14} />}
            onClick={() => setEditing(true)}
          >
            {t('customer.editContacts')}
          </Button>
        )
      }
    >
      {empty && <EmptyNote>{t('customer.noContacts')}</EmptyNote>}
      <Stack gap="sm">
        {phones.map((phone) => (
          <ContactLine
            key={phone.id}
            icon={<IconPhone size={14} />}
            kind={label('phoneKind', phone.kind)}
            primary={phone.primary}
          >
            {phone.e164 ? (
              <Anchor href={`tel:${phone.e164}`} size="sm" fw={500} className="num">
                {formatPhone(phone.e164)}
              </Anchor>
            ) : (
              <Group gap={4}>
                <Text size="sm">{phone.raw}</Text>
                <IconAlertTriangle size={14} color="var(--mantine-color-orange-6)" />
                <Text size="xs" c="orange.7">
                  {t('customer.invalidPhone')}
                </Text>
              </Group>
            )}
            {phone.e164 && phone.raw !== phone.e164 && (
              <Text size="xs" c="dimmed">
                {t('customer.asEntered', { raw: phone.raw })}
              </Text>
            )}
          </ContactLine>
        ))}
        {emails.map((email) => (
          <ContactLine
            key={email.id}
            icon={<IconAt size={14} />}
            kind={label('emailKind', email.kind)}
            primary={email.primary}
          >
            <Anchor href={`mailto:${email.address}`} size="sm" style={{ wordBreak: 'break-all' }}>
              {email.address}
            </Anchor>
          </ContactLine>
        ))}
        {messengers.map((messenger) => (
          <ContactLine
            key={`${messenger.kind}:${messenger.handle}`}
            icon={<IconBrandTelegram size={14} />}
            kind={label('messengerKind', messenger.kind)}
          >
            <Text size="sm">{messenger.handle}</Text>
          </ContactLine>
        ))}
        {addresses.map((address) => (
          <ContactLine
            key={address.id}
            icon={<IconMapPin size={14} />}
            kind={label('addressKind', address.kind)}
            primary={address.primary}
          >
            <Text size="sm">{addressLine(address, format.country(address.country))}</Text>
          </ContactLine>
        ))}
      </Stack>
      {editing && <EditContactsModal customer={customer} onClose={() => setEditing(false)} />}
    </SectionCard>
  );
}
