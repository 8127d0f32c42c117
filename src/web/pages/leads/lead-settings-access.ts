import { useCan, useSession } from '../../session/session-context.tsx';

// mirrors settings.service.ts: lead settings are kept by group admins and CRM managers
const settingsRoles = new Set(['group_admin', 'crm_manager']);

/** Sources are shared by the whole group: only its admins and group-level CRM managers add them. */
export function useEditsLeadSources(): boolean {
  const me = useSession();
  return settingsRoles.has(me.role) && me.scope === 'group';
}

/** Rules are read by those who assign work and written by admins and CRM managers (theirs). */
export function useRoutingRuleAccess(): { read: boolean; write: boolean } {
  const me = useSession();
  const read = useCan('tasks:assign');
  return { read, write: read && settingsRoles.has(me.role) };
}
