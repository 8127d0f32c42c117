import type { ColumnType, Generated, JSONColumnType } from 'kysely';

export const importKinds = ['csv', 'xlsx', 'adf'] as const;
export type ImportKind = (typeof importKinds)[number];
export const importStatuses = ['uploaded', 'running', 'done'] as const;
export type ImportStatus = (typeof importStatuses)[number];
/** What the rows of a list become: leads, or service visits from a DMS export. */
export const importTargets = ['leads', 'service_visits'] as const;
export type ImportTargetName = (typeof importTargets)[number];

/** Which column of the file feeds which lead field, by the file's column index. */
export type ColumnMapping = Record<string, number>;

export type ImportsTables = {
  web_form_sites: {
    id: Generated<string>;
    dealer_id: string | null;
    brand_id: string | null;
    name: string;
    token_hash: string;
    key_prefix: string;
    allowed_origins: ColumnType<string[], string[] | undefined, string[]>;
    source: Generated<string>;
    active: Generated<boolean>;
    created_by: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  web_form_hits: {
    site_id: string;
    client_ip: string;
    window_start: Date;
    hits: Generated<number>;
  };
  import_jobs: {
    id: Generated<string>;
    kind: ImportKind;
    target: Generated<ImportTargetName>;
    file_name: string;
    headers: JSONColumnType<string[], string, string>;
    total_rows: Generated<number>;
    dealer_id: string | null;
    source: string;
    campaign: string | null;
    /** rows record a verification of their customers (0224) */
    trusted: Generated<boolean>;
    mapping: JSONColumnType<ColumnMapping | null, string | null, string | null>;
    status: Generated<ImportStatus>;
    imported_rows: Generated<number>;
    rejected_rows: Generated<number>;
    processed_rows: Generated<number>;
    heartbeat_at: Date | null;
    created_by: string | null;
    created_at: Generated<Date>;
    finished_at: Date | null;
  };
  import_job_files: {
    job_id: string;
    content: Buffer;
  };
  import_job_rows: {
    job_id: string;
    line_no: number;
    status: 'imported' | 'rejected';
    reason: string | null;
    lead_id: string | null;
    customer_id: string | null;
    customer_created: boolean | null;
    visit_id: Generated<string | null>;
  };
};
