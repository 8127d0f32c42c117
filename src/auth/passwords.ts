import { hash, verify } from '@node-rs/argon2';

// Algorithm.Argon2id of @node-rs/argon2; its const enum cannot be imported under
// verbatimModuleSyntax.
const argon2id = 2;

/** argon2id with the library's defaults (19 MiB, 2 passes), the OWASP baseline. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: argon2id });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

export const minPasswordLength = 8;
