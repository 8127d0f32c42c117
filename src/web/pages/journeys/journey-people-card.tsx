import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  useJourneyPeople,
  type EnrollmentStatus,
  type JourneyPerson,
  type Step,
} from '../../api/journeys.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';

const statuses: EnrollmentStatus[] = ['active', 'completed', 'exited', 'converted'];
const statusColour: Record<EnrollmentStatus, string> = {
  active: 'blue',
  completed: 'gray',
  exited: 'orange',
  converted: 'green',
};
const outcomes = [
  'queued',
  'blocked',
  'yes',
  'no',
  'waited',
  'no_date',
  'updated',
  'exit',
  'skipped',
  'task',
  'points',
  'split',
] as const;
const reasons = ['exit_step', 'goal', 'no_date', 'step_removed'] as const;
/** The engine's words we have texts for; anything newer is shown as it is. */
const isOneOf = <T extends string>(list: readonly T[], value: string): value is T =>
  (list as readonly string[]).includes(value);

/**
 * Who is in the journey: each person's place (the step he waits at, and until when) or how his
 * run ended, and the last thing a step did for him; filtered by state or by the current step.
 */
export function JourneyPeopleCard({ journeyId, steps }: { journeyId: string; steps: Step[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [status, setStatus] = useState<EnrollmentStatus | null>(null);
  const [stepId, setStepId] = useState<string | null>(null);
  const people = useJourneyPeople(journeyId, { status, stepId });
  const stepType = new Map(steps.map((step) => [step.id, step.type]));
  const stepLabel = (id: string) => {
    const type = stepType.get(id);
    return type ? `${t(`journeys.stepType.${type}`)} · ${id}` : id;
  };
  const first = people.data?.pages[0];
  const rows = people.data?.pages.flatMap((page) => page.items) ?? [];

  const place = (person: JourneyPerson) => {
    if (person.status === 'active' && person.stepId) {
      return (
        <Stack gap={0}>
          <Text size="sm">{stepLabel(person.stepId)}</Text>
          {person.waiting && person.wakeAt && (
            <Text size="xs" c="dimmed">
              {t('journeys.people.until', { when: format.dateTime(person.wakeAt) })}
            </Text>
          )}
        </Stack>
      );
    }
    const reason = person.exitReason;
    return (
      <Stack gap={0}>
        <Text size="sm">{person.finishedAt ? format.dateTime(person.finishedAt) : ''}</Text>
        {reason && (
          <Text size="xs" c="dimmed">
            {isOneOf(reasons, reason) ? t(`journeys.people.reason.${reason}`) : reason}
          </Text>
        )}
      </Stack>
    );
  };

  return (
    <Card data-testid="journey-people">
      <Stack gap="sm">
        <Group justify="space-between" align="end">
          <Title order={2} size="h4">
            {t('journeys.people.title')}
          </Title>
          <Group gap="sm" align="end">
            <Select
              label={t('journeys.people.status')}
              placeholder={t('journeys.people.anyStatus')}
              clearable
              w={180}
              value={status}
              onChange={(value) => {
                setStatus(value as EnrollmentStatus | null);
                if (value && value !== 'active') setStepId(null);
              }}
              data={statuses.map((value) => ({
                value,
                label: t(`journeys.people.statusName.${value}`),
              }))}
            />
            <Select
              label={t('journeys.people.atStep')}
              placeholder={t('journeys.people.anyStep')}
              clearable
              w={240}
              value={stepId}
              onChange={(value) => {
                setStepId(value);
                if (value) setStatus(null);
              }}
              data={steps
                .filter((step) => step.type !== 'exit')
                .map((step) => ({ value: step.id, label: stepLabel(step.id) }))}
            />
          </Group>
        </Group>
        {people.error && <QueryError error={people.error} onRetry={() => void people.refetch()} />}
        {first && (
          <Text size="sm" c="dimmed">
            {first.totalCapped
              ? t('journeys.people.totalCapped', { n: format.number(first.total) })
              : t('journeys.people.total', { n: format.number(first.total) })}
          </Text>
        )}
        {first && rows.length === 0 ? (
          <EmptyNote>{t('journeys.people.empty')}</EmptyNote>
        ) : (
          rows.length > 0 && (
            <Table.ScrollContainer minWidth={720}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('journeys.people.customer')}</Table.Th>
                    <Table.Th>{t('journeys.people.state')}</Table.Th>
                    <Table.Th>{t('journeys.people.where')}</Table.Th>
                    <Table.Th>{t('journeys.people.lastStep')}</Table.Th>
                    <Table.Th>{t('journeys.people.entered')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((person) => (
                    <Table.Tr key={person.enrollmentId}>
                      <Table.Td>
                        <Anchor component={Link} to={`/customers/${person.customerId}`} size="sm">
                          {person.displayName}
                        </Anchor>
                        {person.dealerCode && (
                          <Text size="xs" c="dimmed">
                            {person.dealerCode}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Badge color={statusColour[person.status]} variant="light">
                          {t(`journeys.people.statusName.${person.status}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{place(person)}</Table.Td>
                      <Table.Td>
                        {person.lastStep && (
                          <Stack gap={0}>
                            <Text size="sm">
                              {stepLabel(person.lastStep.stepId)}:{' '}
                              {isOneOf(outcomes, person.lastStep.outcome)
                                ? t(`journeys.people.outcome.${person.lastStep.outcome}`)
                                : person.lastStep.outcome}
                            </Text>
                            <Text size="xs" c="dimmed">
                              {format.dateTime(person.lastStep.at)}
                            </Text>
                          </Stack>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{format.dateTime(person.enteredAt)}</Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        )}
        {people.hasNextPage && (
          <Group>
            <Button
              variant="light"
              loading={people.isFetchingNextPage}
              onClick={() => void people.fetchNextPage()}
            >
              {t('journeys.people.more')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
