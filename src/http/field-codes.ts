/**
 * Machine-readable codes for schema validation problems, so the web app can say them in the
 * user's language. Zod's own issue codes are too coarse for that ("too_big" of a text is "too
 * long", of a list "too many", of a number "too large").
 */
type Coded = { code: string; params?: Record<string, string | number> };

export function codeOfSchemaIssue(
  keyword: string,
  params: Record<string, unknown>,
  message: string,
): Coded {
  const origin = typeof params.origin === 'string' ? params.origin : '';
  const limit = (value: unknown) => (typeof value === 'number' ? value : Number(value));
  switch (keyword) {
    case 'invalid_type':
      return /received undefined/.test(message) ? { code: 'required' } : { code: 'invalid_type' };
    case 'too_small':
      if (origin === 'string') {
        const min = limit(params.minimum);
        return min <= 1 ? { code: 'required' } : { code: 'too_short', params: { min } };
      }
      if (origin === 'array' || origin === 'set') {
        return { code: 'too_few', params: { min: limit(params.minimum) } };
      }
      return { code: 'too_small', params: { min: limit(params.minimum) } };
    case 'too_big':
      if (origin === 'string') return { code: 'too_long', params: { max: limit(params.maximum) } };
      if (origin === 'array' || origin === 'set') {
        return { code: 'too_many', params: { max: limit(params.maximum) } };
      }
      return { code: 'too_large', params: { max: limit(params.maximum) } };
    case 'invalid_format':
      return params.format === 'email' ? { code: 'invalid_email' } : { code: 'invalid_format' };
    case 'invalid_value':
      return { code: 'invalid_choice' };
    case 'unrecognized_keys':
      return { code: 'unknown_field' };
    default:
      return { code: 'invalid' };
  }
}
