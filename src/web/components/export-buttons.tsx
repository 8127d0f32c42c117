import { Button, Group, Tooltip } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Permission } from '../../auth/roles.ts';
import { useSession } from '../session/session-context.tsx';

/**
 * The one pair of download links of every list and report: "Export Excel" (the workbook) and
 * "Export CSV" (one table), each given only when the caller has its address. Plain links: the
 * browser sends the session cookie with the GET and saves the file the server names. A list of
 * customers passes `requires: 'customers:export'` to hide them from users who may not take
 * names out (the server checks it again); `hint` says what the file holds.
 */
export function ExportButtons(props: {
  xlsx?: string;
  csv?: string;
  /** on the group; each link gets `${testId}-xlsx` / `${testId}-csv` */
  testId?: string;
  requires?: Permission;
  hint?: string;
  size?: 'xs' | 'sm';
}) {
  const { t } = useTranslation();
  const { permissions } = useSession();
  if (props.requires && !permissions.includes(props.requires)) return null;
  const links = [
    { format: 'xlsx', href: props.xlsx, label: t('listExport.xlsx') },
    { format: 'csv', href: props.csv, label: t('listExport.csv') },
  ].filter((link) => link.href);
  const size = props.size ?? 'sm';
  const group = (
    <Group gap="xs" data-testid={props.testId}>
      {links.map((link) => (
        <Button
          key={link.format}
          component="a"
          href={link.href}
          download
          variant="light"
          size={size}
          leftSection={<IconDownload size={size === 'xs' ? 14 : 16} />}
          data-testid={props.testId ? `${props.testId}-${link.format}` : undefined}
        >
          {link.label}
        </Button>
      ))}
    </Group>
  );
  return props.hint ? (
    <Tooltip label={props.hint} openDelay={400}>
      {group}
    </Tooltip>
  ) : (
    group
  );
}
