import type { Generated } from 'kysely';
import type { Locale, RoleKey } from './roles.ts';

export type AuthTables = {
  users: {
    id: Generated<string>;
    email: string;
    email_normalized: string;
    display_name: string;
    password_hash: string | null;
    role: RoleKey;
    dealer_id: string | null;
    department_id: string | null;
    region_id: string | null;
    brand_id: string | null;
    locale: Generated<Locale>;
    phone: string | null;
    on_duty: Generated<boolean>;
    active: Generated<boolean>;
    last_login_at: Date | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  sessions: {
    id: string;
    user_id: string;
    csrf_token: string;
    ip: string | null;
    user_agent: string | null;
    created_at: Generated<Date>;
    last_seen_at: Generated<Date>;
    expires_at: Date;
  };
  api_tokens: {
    id: Generated<string>;
    user_id: string;
    name: string;
    token_prefix: string;
    token_hash: string;
    created_at: Generated<Date>;
    last_used_at: Date | null;
    expires_at: Date | null;
    revoked_at: Date | null;
  };
  login_attempts: {
    id: Generated<number>;
    email_normalized: string;
    ip: string;
    succeeded: boolean;
    at: Generated<Date>;
  };
};
