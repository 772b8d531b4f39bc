// Who may do what: the roles people hold and the one policy table every route names. A route
// says which policy guards it (and, for a scoped one, what it acts on); the guard (guard.ts)
// asks `allows` before the handler runs, and a handler that acts on several things asks it for
// each. An administrator may do everything.

export const roles = [
  'administrator',
  'mission-editor',
  'statistics-publisher',
  'steward',
  'partner',
  'reviewer',
] as const;
export type Role = (typeof roles)[number];

/** What a role is held for: the kind of thing its scope names (none: the role is not scoped). */
export const roleScopes: Record<Role, ScopeKind | null> = {
  administrator: null,
  'mission-editor': 'government',
  'statistics-publisher': 'indicator',
  steward: 'mission',
  partner: 'organisation',
  reviewer: null,
};

export type ScopeKind = 'government' | 'indicator' | 'mission' | 'organisation';

/** The words for each role, as the workspace shows them. */
export const roleNames: Record<Role, string> = {
  administrator: 'Administrator',
  'mission-editor': 'Mission editor',
  'statistics-publisher': 'Statistics publisher',
  steward: 'Steward',
  partner: 'Partner',
  reviewer: 'Reviewer',
};

/** One role someone holds; `scope` is '' for a role that is not scoped. */
export interface Grant {
  role: Role;
  scope: string;
}

/** The signed-in person a request is made by. */
export interface Principal {
  userId: number;
  email: string;
  name: string;
  grants: Grant[];
  /** The session's own id (not its token): CSRF tokens are bound to it. */
  sessionId: string;
  /** A password someone else set: the workspace asks for a new one before anything else. */
  passwordMustChange: boolean;
}

interface Policy {
  description: string;
  /** `anyone` (signed in or not), `signed-in`, or the roles that may (administrators always may). */
  allow: 'anyone' | 'signed-in' | Role[];
}

/** Every policy a route can name. A route without one does not start (guard.ts). */
export const policies = {
  public: { description: 'Public pages and answers', allow: 'anyone' },
  'sign-in': { description: 'Signing in', allow: 'anyone' },
  workspace: { description: 'The workspace and one’s own account', allow: 'signed-in' },
  'users.manage': { description: 'Adding, changing and disabling users', allow: [] },
  'missions.edit': {
    description: 'Missions, goals, projects and milestones of a government',
    allow: ['mission-editor'],
  },
  'indicators.edit': {
    description: 'Indicator metadata (which way is better) of a government’s goals',
    allow: ['mission-editor'],
  },
  'statistics.publish': {
    description: 'Uploading, checking and publishing releases of named indicators',
    allow: ['statistics-publisher'],
  },
  'governance.record': {
    description: 'Boards, mandate letters, stocktakes, decisions, actions and risks of a mission',
    allow: ['steward'],
  },
  'partners.register': {
    description: 'Adding organisations to the partner register',
    allow: ['mission-editor'],
  },
  'partners.submit': {
    description: 'An organisation’s register entry, pledges and progress reports',
    allow: ['partner'],
  },
  'targets.local': {
    description:
      'An area’s own target for a divided goal: by the goal’s government, or a government whose area contains the area',
    allow: ['mission-editor'],
  },
  'settlements.edit': {
    description: 'A government’s funding settlements for areas: importing, changing, removing',
    allow: ['mission-editor'],
  },
  'pledges.moderate': {
    description: 'Approving or refusing partners’ pledges to a government’s missions',
    allow: ['mission-editor'],
  },
  'reports.make': {
    description: 'Making and freezing a government’s reports to Parliament',
    allow: ['mission-editor'],
  },
  'internal.read': {
    description: 'Reading internal records',
    allow: ['reviewer', 'mission-editor', 'statistics-publisher', 'steward'],
  },
} as const satisfies Record<string, Policy>;

export type PolicyName = keyof typeof policies;

export const isPolicyName = (name: unknown): name is PolicyName =>
  typeof name === 'string' && Object.hasOwn(policies, name);

/**
 * Whether `principal` may act under `policy` on `scope`. With no scope given, holding an allowed
 * role for anything is enough: the handler then asks again for each thing it acts on.
 */
export function allows(
  principal: Principal | null | undefined,
  policy: PolicyName,
  scope?: string,
): boolean {
  const { allow } = policies[policy] as Policy;
  if (allow === 'anyone') return true;
  if (!principal) return false;
  if (allow === 'signed-in') return true;
  return principal.grants.some(
    (grant) =>
      grant.role === 'administrator' ||
      (allow.includes(grant.role) &&
        (scope === undefined || roleScopes[grant.role] === null || grant.scope === scope)),
  );
}

/** Whether `policy` lets a person in at all (not merely anyone). */
export const needsSignIn = (policy: PolicyName) => (policies[policy] as Policy).allow !== 'anyone';
