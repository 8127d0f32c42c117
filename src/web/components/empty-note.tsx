import { Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** The quiet "nothing here" line inside a card. */
export function EmptyNote({ children }: { children: ReactNode }) {
  return (
    <Text size="sm" c="dimmed" fs="italic">
      {children}
    </Text>
  );
}
