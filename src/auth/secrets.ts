import crypto from 'node:crypto';

/** A random bearer secret; only its SHA-256 is stored, so a leaked table reveals no secrets. */
export function newSecret(prefix: string): string {
  return `${prefix}${crypto.randomBytes(32).toString('base64url')}`;
}

export function secretHash(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('hex');
}
