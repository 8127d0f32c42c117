import type { Generated } from 'kysely';

/** The rate counter of every public page and link of the module (0239, public-rate-limit.ts). */
export type PublicHitTables = {
  marketing_public_hits: {
    /** which limit: page_address, page_token, short_link_address ... */
    counter: string;
    /** the client address, or the SHA-256 of the token */
    subject: string;
    window_start: Date;
    hits: Generated<number>;
  };
};
