import { Button, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconMessageReport, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Customer360 } from '../../api/types.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { SectionCard } from '../../components/section-card.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useCan } from '../../session/session-context.tsx';
import { ComplaintStatusBadge, SeverityBadge } from './complaint-badges.tsx';
import { ComplaintModal } from './complaint-modal.tsx';
import { NewComplaintModal } from './new-complaint-modal.tsx';

/** The customer's complaints on the 360 page, and the way to take a new one in. */
export function CustomerComplaintsCard({ customer }: { customer: Customer360 }) {
  const { t } = useTranslation();
  const format = useFormat();
  const canWrite = useCan('complaints:write');
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const complaints = customer.complaints;
  return (
    <SectionCard
      title={t('service.complaints.title')}
      icon={<IconMessageReport size={18} />}
      count={complaints.length}
      testId="complaints-card"
      actions={
        canWrite && (
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPlus size={14} />}
            onClick={() => setCreating(true)}
          >
            {t('service.complaints.newComplaint')}
          </Button>
        )
      }
    >
      {complaints.length === 0 ? (
        <EmptyNote>{t('service.complaints.empty')}</EmptyNote>
      ) : (
        <Stack gap="xs">
          {complaints.map((complaint) => (
            <Group key={complaint.id} justify="space-between" wrap="nowrap">
              <UnstyledButton onClick={() => setOpenId(complaint.id)}>
                <Text size="sm" fw={600}>
                  {complaint.number} · {complaint.subject}
                </Text>
                <Text size="xs" c="dimmed">
                  {complaint.dealerCode} · {format.date(complaint.openedAt)}
                </Text>
              </UnstyledButton>
              <Group gap={4} wrap="nowrap">
                <SeverityBadge severity={complaint.severity} />
                <ComplaintStatusBadge status={complaint.status} overdue={complaint.overdue} />
              </Group>
            </Group>
          ))}
        </Stack>
      )}
      <NewComplaintModal customer={customer} opened={creating} onClose={() => setCreating(false)} />
      <ComplaintModal complaintId={openId} onClose={() => setOpenId(null)} />
    </SectionCard>
  );
}
