/**
 * The API's roles, weakest first: each may do what the ones before it may. `viewer` reads (GETs, the
 * stream, the 3D viewer); `operator` also changes desired state and sends commands; `admin` also
 * changes the registry and the configuration (docs/security.md).
 */
export const API_ROLES = ['viewer', 'operator', 'admin'] as const;

export type ApiRole = (typeof API_ROLES)[number];

export function isApiRole(value: unknown): value is ApiRole {
  return (API_ROLES as readonly unknown[]).includes(value);
}

/** Whether a token of role `has` may do what needs role `needs`. */
export function roleAllows(has: ApiRole, needs: ApiRole): boolean {
  return API_ROLES.indexOf(has) >= API_ROLES.indexOf(needs);
}
