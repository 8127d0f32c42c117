/**
 * Roles and what each may do. The data scope (which customers) is a separate matter decided
 * by where a user is attached; see scope.ts. Keep this table in step with README "Roles".
 */
export const roleKeys = [
  'group_admin',
  'brand_manager',
  'region_manager',
  'dealer_manager',
  'crm_manager',
  'sales_consultant',
  'service_advisor',
  'call_center',
  'data_steward',
  'analyst',
] as const;
export type RoleKey = (typeof roleKeys)[number];

export const locales = ['en', 'ru', 'zh'] as const;
export type Locale = (typeof locales)[number];

export const permissions = [
  'customers:read',
  'customers:write',
  'customers:export',
  'consents:write',
  'vehicles:write',
  'service:write',
  'activities:write',
  'tasks:write',
  /** give tasks to other people (not only to oneself) */
  'tasks:assign',
  'catalog:write',
  'users:manage',
  'org:manage',
  'audit:read',
  'analytics:read',
  /** bring leads in by ADF documents and CSV/XLSX/ADF list imports */
  'leads:import',
  /** the dealer and brand websites allowed to post leads through the public form endpoint */
  'webforms:manage',
  /** create, change, deliver and cancel vehicle orders (not every field role sells cars) */
  'orders:write',
  /** company agreements and dealers' conquest plans */
  'sales:manage',
  /** recall campaigns and their VIN lists (the importer's or maker's work) */
  'recalls:manage',
  /** take complaints in and work them through their states */
  'complaints:write',
  /** log owners' roadside-assistance and information-hotline calls */
  'service_calls:write',
  /** group-wide after-sales settings (follow-up delay, reminder lead time, default km/day) */
  'service:manage',
  /** data-quality scores, problems and trend of the customers in scope */
  'quality:read',
  /** run the quality scoring and the duplicate search, review and merge duplicates */
  'quality:manage',
  /** see segments, lists and campaigns, count audiences */
  'marketing:read',
  /** build segments and lists, run campaigns, set contact rules */
  'marketing:write',
  /** the after-sales retention worklist (owners at risk, with the model's reasons) */
  'retention:read',
  /** refit the group's predictive models */
  'models:manage',
  /** owners-club members, points, events, partners and KPIs */
  'club:read',
  /** enrol members, redeem points, register members for events and record attendance */
  'club:write',
  /** clubs, tiers, events, partners, manual points and corrections, tier recomputation */
  'club:manage',
  /** see journeys and their per-step counts */
  'journeys:read',
  /** build, edit, enable and disable journeys */
  'journeys:write',
] as const;
export type Permission = (typeof permissions)[number];

const fieldWork: Permission[] = [
  'customers:read',
  'customers:write',
  'consents:write',
  'vehicles:write',
  'activities:write',
  'tasks:write',
  'complaints:write',
];

export const rolePermissions: Record<RoleKey, readonly Permission[]> = {
  group_admin: permissions,
  brand_manager: [
    'customers:read',
    'customers:export',
    'tasks:assign',
    'analytics:read',
    'recalls:manage',
    'quality:read',
    'marketing:read',
    'marketing:write',
    'retention:read',
    'club:read',
    'club:manage',
    'journeys:read',
    'journeys:write',
  ],
  region_manager: [
    'customers:read',
    'customers:export',
    'tasks:write',
    'tasks:assign',
    'analytics:read',
    'quality:read',
    // his dealers' campaigns and journeys, read only: a region owns none (campaign-access.ts)
    'marketing:read',
    'retention:read',
    'club:read',
    'journeys:read',
  ],
  dealer_manager: [
    ...fieldWork,
    'service:write',
    'service_calls:write',
    'orders:write',
    'sales:manage',
    'leads:import',
    'customers:export',
    'tasks:assign',
    'users:manage',
    'audit:read',
    'analytics:read',
    'quality:read',
    'marketing:read',
    'marketing:write',
    'retention:read',
    'club:read',
    'club:write',
    'club:manage',
    'journeys:read',
    'journeys:write',
  ],
  crm_manager: [
    ...fieldWork,
    'customers:export',
    'tasks:assign',
    'analytics:read',
    'retention:read',
    'audit:read',
    'orders:write',
    'sales:manage',
    'leads:import',
    'webforms:manage',
    'quality:read',
    'quality:manage',
    'marketing:read',
    'marketing:write',
    'club:read',
    'club:write',
    'club:manage',
    'journeys:read',
    'journeys:write',
  ],
  sales_consultant: [...fieldWork, 'orders:write', 'club:read', 'club:write'],
  service_advisor: [...fieldWork, 'service:write', 'retention:read', 'club:read', 'club:write'],
  call_center: [
    'customers:read',
    'customers:write',
    'consents:write',
    'activities:write',
    'tasks:write',
    'complaints:write',
    'service_calls:write',
    'retention:read',
    'club:read',
    'club:write',
  ],
  data_steward: [
    ...fieldWork,
    'customers:export',
    'catalog:write',
    'audit:read',
    'analytics:read',
    'leads:import',
    'recalls:manage',
    'quality:read',
    'quality:manage',
    'club:read',
  ],
  analyst: [
    'customers:read',
    'analytics:read',
    'quality:read',
    'marketing:read',
    'retention:read',
    'models:manage',
    'club:read',
    'journeys:read',
  ],
};

/** Where a role may be attached: which of dealer / region / brand / nothing (group). */
export type Attachment = 'group' | 'brand' | 'region' | 'dealer';
export const roleAttachments: Record<RoleKey, readonly Attachment[]> = {
  group_admin: ['group'],
  brand_manager: ['brand'],
  region_manager: ['region'],
  dealer_manager: ['dealer'],
  crm_manager: ['group', 'brand', 'region', 'dealer'],
  sales_consultant: ['dealer'],
  service_advisor: ['dealer'],
  call_center: ['group', 'brand', 'region', 'dealer'],
  data_steward: ['group', 'brand', 'region', 'dealer'],
  analyst: ['group', 'brand', 'region', 'dealer'],
};

export function hasPermission(role: RoleKey, permission: Permission): boolean {
  return rolePermissions[role].includes(permission);
}

export function isRoleKey(value: string): value is RoleKey {
  return (roleKeys as readonly string[]).includes(value);
}
