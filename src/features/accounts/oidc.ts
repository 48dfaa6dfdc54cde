import * as client from 'openid-client';
import type { OidcConfig } from '../../config.ts';

/** The identity provider could not be reached, or its discovery document could not be read. */
export class OidcUnavailableError extends Error {}

/** The provider's answer could not be accepted: refused, tampered with, expired or replayed. */
export class OidcRejectedError extends Error {
  /** The answer did not carry the state this browser's sign-in started with. */
  get stateMismatch(): boolean {
    return /"state"/.test(this.message);
  }
}

export interface OidcChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}
export interface OidcClaims {
  sub: string;
  email?: string;
  email_verified?: boolean;
}

const SCOPE = 'openid email profile';
const TIMEOUT_SECONDS = 10;

/** An error's message with its causes', since openid-client wraps the telling one. */
const messages = (err: unknown): string =>
  err instanceof Error ? [err.message, ...(err.cause ? [messages(err.cause)] : [])].join(': ') : String(err);

const isNetworkError = (err: unknown): boolean =>
  (err instanceof TypeError && err.message === 'fetch failed') ||
  (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError' || isNetworkError(err.cause)));

/** Claims from the ID token, topped up from the userinfo endpoint when it leaves out the email address. */
async function claimsOf(
  config: client.Configuration,
  tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers,
): Promise<OidcClaims> {
  const idToken = tokens.claims();
  if (!idToken) throw new OidcRejectedError('No ID token in the token response');
  let source: Record<string, unknown> = idToken;
  if (typeof idToken.email !== 'string' && tokens.access_token) {
    source = { ...(await client.fetchUserInfo(config, tokens.access_token, idToken.sub)), sub: idToken.sub };
  }
  const verified = source.email_verified;
  return {
    sub: idToken.sub,
    ...(typeof source.email === 'string' ? { email: source.email } : {}),
    ...(typeof verified === 'boolean'
      ? { email_verified: verified }
      : verified === 'false'
        ? { email_verified: false }
        : {}),
  };
}

/**
 * An OpenID Connect relying party (authorisation code flow with PKCE, state and nonce).
 * The provider's metadata is fetched on first use and kept, so the service starts without it;
 * a failed fetch is not kept, so the next sign-in tries again.
 */
export function createOidcClient(oidc: OidcConfig) {
  let discovered: Promise<client.Configuration> | undefined;

  function configuration(): Promise<client.Configuration> {
    discovered ??= client
      .discovery(new URL(oidc.issuer), oidc.clientId, undefined, client.ClientSecretBasic(oidc.clientSecret), {
        execute: oidc.allowInsecure ? [client.allowInsecureRequests] : [],
        timeout: TIMEOUT_SECONDS,
      })
      .catch((err: unknown) => {
        discovered = undefined;
        throw new OidcUnavailableError(`Discovery at ${oidc.issuer} failed: ${messages(err)}`, { cause: err });
      });
    return discovered;
  }

  return {
    /** Where to send the browser, and the checks to keep in its session until it comes back. */
    async start(): Promise<{ url: URL; checks: OidcChecks }> {
      const config = await configuration();
      const checks = {
        state: client.randomState(),
        nonce: client.randomNonce(),
        codeVerifier: client.randomPKCECodeVerifier(),
      };
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: oidc.redirectUrl,
        scope: SCOPE,
        response_type: 'code',
        state: checks.state,
        nonce: checks.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
        code_challenge_method: 'S256',
      });
      return { url, checks };
    },

    /** Validates the provider's redirect (`search` is its query string) and redeems the code for the user's claims. */
    async finish(search: string, checks: OidcChecks): Promise<OidcClaims> {
      const config = await configuration();
      const currentUrl = new URL(oidc.redirectUrl);
      currentUrl.search = search;
      try {
        const tokens = await client.authorizationCodeGrant(config, currentUrl, {
          expectedState: checks.state,
          expectedNonce: checks.nonce,
          pkceCodeVerifier: checks.codeVerifier,
          idTokenExpected: true,
        });
        return await claimsOf(config, tokens);
      } catch (err) {
        if (err instanceof OidcRejectedError) throw err;
        if (isNetworkError(err))
          throw new OidcUnavailableError(`The identity provider could not be reached: ${messages(err)}`, {
            cause: err,
          });
        throw new OidcRejectedError(messages(err), { cause: err });
      }
    },
  };
}

export type OidcClient = ReturnType<typeof createOidcClient>;
