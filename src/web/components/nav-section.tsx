import { NavLink } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';

export type NavSectionLink = { to: string; label: string };

/**
 * A folding section of the main navigation (sales, after-sales, marketing, analytics): open
 * while one of its pages is shown; nothing when the user may open none of its links.
 */
export function NavSection({
  label,
  icon,
  links,
}: {
  label: string;
  icon: ReactNode;
  links: NavSectionLink[];
}) {
  const { pathname } = useLocation();
  if (!links.length) return null;
  return (
    <NavLink
      label={label}
      leftSection={icon}
      defaultOpened={links.some((link) => pathname.startsWith(link.to))}
      childrenOffset={28}
    >
      {links.map((link) => (
        <NavLink
          key={link.to}
          component={Link}
          to={link.to}
          label={link.label}
          active={pathname.startsWith(link.to)}
        />
      ))}
    </NavLink>
  );
}
