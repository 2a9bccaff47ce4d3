/** Standard Webhooks: the secret is `whsec_` and the base64 of the key's bytes. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';
export const WEBHOOK_SECRET_BYTES = { min: 24, max: 64 } as const;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Why `secret` is not a Standard Webhooks secret of 24-64 bytes, or undefined when it is one. */
export function webhookSecretProblem(secret: string): string | undefined {
  const { min, max } = WEBHOOK_SECRET_BYTES;
  const expected = `must be ${WEBHOOK_SECRET_PREFIX} followed by the base64 of ${min}-${max} random bytes`;
  if (!secret.startsWith(WEBHOOK_SECRET_PREFIX)) return expected;
  const encoded = secret.slice(WEBHOOK_SECRET_PREFIX.length);
  if (encoded.length === 0 || !BASE64.test(encoded)) return expected;
  const padding = encoded.endsWith('==') ? 2 : encoded.endsWith('=') ? 1 : 0;
  const bytes = (encoded.length / 4) * 3 - padding;
  return bytes >= min && bytes <= max ? undefined : `${expected}, got ${bytes} bytes`;
}

/** Why `url` cannot receive deliveries (only absolute http and https URLs can), or undefined. */
export function webhookUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute http or https URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'must be an http or https URL';
  if (parsed.hash !== '') return 'must not have a fragment (#...)';
  return undefined;
}

/** Whether a webhook with this filter delivers the event: an empty list means every type, every product. */
export function webhookWants(
  filter: { types: readonly string[]; productIds: readonly string[] },
  event: { type: string; data: Readonly<Record<string, unknown>> },
): boolean {
  if (filter.types.length > 0 && !filter.types.includes(event.type)) return false;
  return filter.productIds.length === 0 || filter.productIds.includes(event.data.productId as string);
}
