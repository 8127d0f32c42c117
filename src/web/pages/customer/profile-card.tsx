import { DataList, Group, Pill, Text } from '@mantine/core';
import { IconId } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Customer360 } from '../../api/types.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { SectionCard } from '../../components/section-card.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useVocabulary } from '../../i18n/vocabulary-labels.ts';

function Tags({ values }: { values: string[] }) {
  return (
    <Group gap={4}>
      {values.map((value) => (
        <Pill key={value} size="sm">
          {value}
        </Pill>
      ))}
    </Group>
  );
}

/** Who the customer is; only what is known is listed, so the card stays short. */
export function ProfileCard({ customer }: { customer: Customer360 }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { label } = useVocabulary();
  const p = customer.profile;
  const company = p.kind === 'company';

  const rows: [string, ReactNode][] = [];
  const add = (name: string, value: ReactNode) => {
    if (value === null || value === undefined || value === '' || value === false) return;
    if (Array.isArray(value) && value.length === 0) return;
    rows.push([name, value]);
  };

  if (company) {
    add(t('customer.company'), p.companyName);
    add(t('customer.legalForm'), p.legalForm);
    add(t('customer.taxId'), p.taxId && <span className="mono">{p.taxId}</span>);
  } else {
    add(
      t('customer.birthDate'),
      p.birthDate &&
        t('customer.age', { date: format.date(p.birthDate), age: format.age(p.birthDate) }),
    );
    add(
      t('customer.gender'),
      p.gender && p.gender !== 'unknown' ? label('gender', p.gender) : null,
    );
    add(t('customer.occupation'), p.occupation);
    add(t('customer.employer'), p.employer);
    add(t('customer.education'), label('education', p.education));
    add(t('customer.incomeBand'), label('incomeBand', p.incomeBand));
    add(t('customer.maritalStatus'), label('maritalStatus', p.maritalStatus));
    add(t('customer.children'), p.childrenCount ? format.number(p.childrenCount) : null);
    add(
      t('customer.familyMembers'),
      customer.familyMembers.length > 0 && (
        <div>
          {customer.familyMembers.map((member, index) => (
            <Text key={index} size="sm">
              {label('familyRelation', member.relation)}: {member.name}
              {member.birthDate && (
                <Text span size="xs" c="dimmed">
                  {' '}
                  · {format.date(member.birthDate)}
                </Text>
              )}
            </Text>
          ))}
        </div>
      ),
    );
  }
  add(t('customer.interests'), p.interests.length > 0 && <Tags values={p.interests} />);
  add(
    t('customer.personalValues'),
    p.personalValues.length > 0 && <Tags values={p.personalValues} />,
  );
  add(t('customer.friendsCars'), p.friendsCars);
  add(t('customer.preferredLanguage'), label('language', p.preferredLanguage));
  add(t('customer.preferredChannel'), label('contactChannel', p.preferredChannel));
  add(t('customer.source'), p.source);

  return (
    <SectionCard title={t('customer.profile')} icon={<IconId size={18} />} testId="profile-card">
      {rows.length === 0 && !p.notes ? (
        <EmptyNote>{t('customer.noProfile')}</EmptyNote>
      ) : (
        <DataList size="sm" gap={6} labelWidth={160}>
          {rows.map(([name, value]) => (
            <DataList.Item key={name}>
              <DataList.ItemLabel c="dimmed">{name}</DataList.ItemLabel>
              <DataList.ItemValue>{value}</DataList.ItemValue>
            </DataList.Item>
          ))}
        </DataList>
      )}
      {p.notes && (
        <Text size="sm" mt="sm" style={{ whiteSpace: 'pre-wrap' }} c="gray.8">
          {p.notes}
        </Text>
      )}
    </SectionCard>
  );
}
