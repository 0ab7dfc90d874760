import type { GraphQLFormattedError } from 'graphql';
import type { AuthProvider } from 'react-admin';
import { canAccessResource, type Permissions } from '../access';
import { GraphqlRequestError, isUnauthenticated, postGraphql, postGraphqlAnswer } from './graphqlFetch';
import { announcedPolicyVersion, compileInForce, holdPolicyVersion, onNewerPolicyVersion, type PolicyInForce } from './policyInForce';
import { clearSession, ensurePurposeWithin, getPurpose, getToken, setToken } from './session';

export interface Me {
  id: string;
  name: string;
  role: string;
  purposes: string[];
  contractorId: string | null;
}

const LOGIN = `
  mutation login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      token
      next
    }
  }
`;
const LOGOUT = `
  mutation logout {
    logout
  }
`;
// `email` is left out: the server's Me type (server/src/auth/auth.resolver.ts) has none, and the UI
// does not need it. Asking for it would fail validation and, with it, every login.
// One request, so the purposes and the policy the menus are built from are of the same version.
const ME = `
  query me {
    me { id name role purposes contractorId }
    policyInForce { number hash label whole document }
  }
`;

/** Who is signed in, and the policy version in force compiled (null: it did not load or compile). */
interface Session { me: Me; policy: PolicyInForce | null }

/** The session for the current token, fetched once per token and again when a newer policy version is in force. */
let meCache: { token: string; session: Promise<Session> } | undefined;

// A newer version than the one the menus were built under: the next question asks the server again.
onNewerPolicyVersion(() => {
  meCache = undefined;
});

function fetchSession(): Promise<Session> {
  const token = getToken();
  if (!token) return Promise.reject(new Error('ra.auth.auth_check_error'));
  if (meCache?.token !== token) {
    const session = postGraphqlAnswer<{ me: Me | null; policyInForce: unknown }>(ME).then(({ data, errors, status }) => {
      if (!data?.me) throw errors.length ? new GraphqlRequestError(errors, status) : new Error('ra.auth.auth_check_error');
      // The declared purpose always stays within what this staff member may declare.
      ensurePurposeWithin(data.me.purposes);
      const policy = compileInForce(data.policyInForce);
      // Fail closed: without the version in force no menu or button that depends on the policy is offered, until
      // a newer version is announced (or the page is reloaded).
      if (!policy) console.warn('admin UI: the policy version in force did not load; nothing that depends on it is offered', errors);
      holdPolicyVersion(policy?.number ?? announcedPolicyVersion());
      return { me: data.me, policy };
    });
    session.catch(() => {
      if (meCache?.session === session) meCache = undefined;
    });
    meCache = { token, session };
  }
  return meCache.session;
}

const fetchMe = async (): Promise<Me> => (await fetchSession()).me;

async function fetchPermissions(): Promise<Permissions> {
  const { me, policy } = await fetchSession();
  return { role: me.role, purposes: me.purposes, policy };
}

/** The GraphQL errors carried by whatever the data provider or Apollo threw. */
function graphQLErrorsOf(error: unknown): readonly GraphQLFormattedError[] {
  type WithErrors = { graphQLErrors?: readonly GraphQLFormattedError[]; networkError?: unknown };
  const candidates = [error, (error as { body?: unknown })?.body] as Array<WithErrors | undefined>;
  return candidates.flatMap((e) => [
    ...(e?.graphQLErrors ?? []),
    ...(((e?.networkError as { result?: { errors?: GraphQLFormattedError[] } } | null)?.result?.errors) ?? []),
  ]);
}

function isSessionRejected(error: unknown): boolean {
  const status = (error as { status?: number; networkError?: { statusCode?: number } })?.status;
  const networkStatus = (error as { body?: { networkError?: unknown } })?.body?.networkError as { statusCode?: number } | undefined;
  return status === 401 || networkStatus?.statusCode === 401 || isUnauthenticated(graphQLErrorsOf(error));
}

export const authProvider: AuthProvider = {
  /**
   * `{ token }`: a login the login page completed (every step done); `{ username, password }`: a password
   * login, for accounts that need nothing more (the login page handles the others).
   */
  async login({ username, email, password, token }: { username?: string; email?: string; password?: string; token?: string }) {
    clearSession();
    meCache = undefined;
    if (!token) {
      const data = await postGraphql<{ login: { token: string; next: string } | null }>(LOGIN, { email: (email ?? username ?? '').trim(), password });
      if (!data.login?.token || data.login.next !== 'DONE') throw new Error('ra.auth.sign_in_error');
      token = data.login.token;
    }
    setToken(token);
    await fetchMe(); // chooses the first allowed purpose before the first data request
  },

  async logout() {
    if (getToken()) {
      try {
        await postGraphql(LOGOUT);
      } catch {
        // The token may already be expired: the local session ends anyway.
      }
    }
    clearSession();
    meCache = undefined;
  },

  async checkAuth() {
    if (!getToken()) throw new Error('ra.auth.auth_check_error');
  },

  async checkError(error: unknown) {
    if (isSessionRejected(error)) {
      clearSession();
      meCache = undefined;
      throw new Error('mamori.auth.session_expired');
    }
    // Any other error (e.g. a purpose the role may not declare) is shown, not a logout.
  },

  async getIdentity() {
    const me = await fetchMe();
    return { id: me.id, fullName: me.name, role: me.role };
  },

  async getPermissions() {
    return fetchPermissions();
  },

  async canAccess({ resource, action }) {
    if (!getToken()) return false;
    try {
      return canAccessResource(await fetchPermissions(), resource, action, getPurpose());
    } catch {
      return false;
    }
  },
};
