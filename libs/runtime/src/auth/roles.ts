export const ROLES = ['operator', 'reporter', 'auditor', 'integration', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who a request acts for: `userId` is the JWT `sub`, recorded on every event the request causes. */
export interface AuthenticatedUser {
  readonly userId: string;
  readonly roles: readonly Role[];
}

/**
 * API.md: `admin` can do everything; `auditor` reads everything `reporter` reads; `integration` reads the
 * change feed only (the feed route also admits `auditor`).
 */
const IMPLIED_ROLES: Readonly<Record<Role, readonly Role[]>> = {
  operator: ['operator'],
  reporter: ['reporter'],
  auditor: ['auditor', 'reporter'],
  integration: ['integration'],
  admin: ROLES,
};

export function isRole(value: unknown): value is Role {
  return (ROLES as readonly unknown[]).includes(value);
}

/** True when the granted roles (with what they imply) include any of the required ones. */
export function hasAnyRole(granted: readonly Role[], required: readonly Role[]): boolean {
  return granted.some((role) => IMPLIED_ROLES[role].some((implied) => required.includes(implied)));
}
