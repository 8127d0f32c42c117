import { Badge, Card, Group, Title } from '@mantine/core';
import type { ReactNode } from 'react';

type Props = {
  title: ReactNode;
  icon?: ReactNode;
  count?: number;
  actions?: ReactNode;
  children: ReactNode;
  testId?: string;
};

/** A titled card: the building block of the 360 and vehicle pages. */
export function SectionCard({ title, icon, count, actions, children, testId }: Props) {
  return (
    <Card data-testid={testId}>
      <Group justify="space-between" mb="sm" gap="xs" wrap="nowrap">
        <Group gap={8} wrap="nowrap">
          {icon}
          <Title order={4} size="h5">
            {title}
          </Title>
          {count !== undefined && count > 0 && (
            <Badge size="sm" variant="default" radius="sm">
              {count}
            </Badge>
          )}
        </Group>
        {actions}
      </Group>
      {children}
    </Card>
  );
}
