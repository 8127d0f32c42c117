import { Anchor, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconBuilding, IconHome, IconPlus, IconUser } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Customer360 } from '../../api/types.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { SectionCard } from '../../components/section-card.tsx';
import { useVocabulary } from '../../i18n/vocabulary-labels.ts';
import { useCan } from '../../session/session-context.tsx';
import { HouseholdModal } from './household-modal.tsx';

/** The household this person belongs to, and companies (or their contact persons). */
export function HouseholdCard({ customer }: { customer: Customer360 }) {
  const { t } = useTranslation();
  const { label } = useVocabulary();
  const { household, companyLinks, profile } = customer;
  const canWrite = useCan('customers:write');
  const [linking, setLinking] = useState(false);

  return (
    <SectionCard
      title={t('customer.household')}
      icon={<IconHome size={18} />}
      testId="household-card"
      actions={
        canWrite &&
        profile.kind === 'person' && (
          <Button
            size="compact-sm"
            variant="subtle"
            leftSection={<IconPlus size={14} />}
            onClick={() => setLinking(true)}
          >
            {household ? t('customer.householdAdd') : t('customer.householdCreate')}
          </Button>
        )
      }
    >
      {linking && <HouseholdModal customer={customer} onClose={() => setLinking(false)} />}
      {!household && companyLinks.length === 0 && (
        <EmptyNote>{t('customer.noHousehold')}</EmptyNote>
      )}
      {household && (
        <Stack gap={6}>
          <Text size="sm" fw={600}>
            {household.name}
          </Text>
          {household.members.map((member) => (
            <Group key={member.id} gap="xs" wrap="nowrap">
              <IconUser size={14} color="var(--mantine-color-gray-6)" />
              {member.id === profile.id ? (
                <Text size="sm" fw={500}>
                  {member.displayName}
                </Text>
              ) : (
                <Anchor component={Link} to={`/customers/${member.id}`} size="sm">
                  {member.displayName}
                </Anchor>
              )}
              {member.role && (
                <Badge size="xs" variant="default">
                  {label('householdRole', member.role)}
                </Badge>
              )}
            </Group>
          ))}
        </Stack>
      )}
      {companyLinks.length > 0 && (
        <Stack gap={6} mt={household ? 'md' : 0}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {t('customer.companies')}
          </Text>
          {companyLinks.map((link) => (
            <Group key={link.id} gap="xs" wrap="nowrap">
              {link.kind === 'company' ? (
                <IconBuilding size={14} color="var(--mantine-color-gray-6)" />
              ) : (
                <IconUser size={14} color="var(--mantine-color-gray-6)" />
              )}
              <Anchor component={Link} to={`/customers/${link.id}`} size="sm">
                {link.displayName}
              </Anchor>
              {link.role && (
                <Text size="xs" c="dimmed">
                  {link.role}
                </Text>
              )}
            </Group>
          ))}
        </Stack>
      )}
    </SectionCard>
  );
}
