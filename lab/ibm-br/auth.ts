import { randomBytes, randomUUID } from 'node:crypto';

import { createTokenStore } from '../core/auth';
import type { LabContext, LabRequest, LabResponse } from '../core/types';
import { isObject } from './body';
import { IbmError } from './errors';
import type { IbmState } from './state';

/*
 * IBM Cloud IAM, served by the lab itself: POST /identity/token exchanges the API key (form body) for a bearer
 * token, a JWT whose `jti` is the lab's session key and whose `exp`/`iat` match `expiration` (go-sdk-core reads
 * them to schedule its refresh at 80% of the lifetime). Every /v2 call then needs that token and the tenant header.
 */

export const DEFAULT_TOKEN_LIFETIME_SEC = 3600;
const REFRESH_LIFETIME_SEC = 30 * 86_400;
const APIKEY_GRANT = 'urn:ibm:params:oauth:grant-type:apikey';
const TENANT_PATTERN = /^[a-zA-Z0-9]+\/$/;

interface Subject {
  iamId: string;
  accountId: string;
}

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** IAM's own error shape (not the BRS one): `{errorCode, errorMessage, context}`. */
function iamError(status: number, errorCode: string, errorMessage: string): LabResponse {
  return {
    status,
    body: {
      errorCode,
      errorMessage,
      context: {
        requestId: randomUUID(),
        requestType: 'incoming.Identity_Token',
        startTime: new Date().toUTCString(),
      },
    },
    reason: `IAM ${errorCode}: ${errorMessage}`,
  };
}

export interface Iam {
  token(req: LabRequest): LabResponse;
  /** Throws the vendor's 401/400/403 when the bearer token or the tenant header is missing or wrong. */
  check(req: LabRequest): void;
}

export function createIam(ctx: LabContext, state: IbmState): Iam {
  const sessions = createTokenStore<Subject>(ctx.clock);
  const refreshTokens = createTokenStore<Subject>(ctx.clock, 32);
  const subject: Subject = {
    iamId: `IBMid-${state.apiKey.slice(0, 10).toUpperCase()}`,
    accountId: state.apiKey.slice(10, 42).toLowerCase(),
  };

  const issue = (who: Subject, grantType: string): LabResponse => {
    const lifetime = ctx.faults().tokenLifetimeSec ?? DEFAULT_TOKEN_LIFETIME_SEC;
    const { token: jti, expiresAt } = sessions.issue(who, lifetime);
    const iat = Math.floor(ctx.clock.now() / 1000);
    const exp = Math.floor(expiresAt / 1000);
    const payload = {
      iam_id: who.iamId,
      id: who.iamId,
      realmid: 'IBMid',
      jti,
      identifier: who.iamId.slice(6),
      sub: 'lab-admin@example.com',
      sub_type: 'APIKey',
      account: { valid: true, bss: who.accountId },
      iat,
      exp,
      iss: 'https://iam.cloud.ibm.com/identity',
      grant_type: grantType,
      scope: 'ibm openid',
      client_id: 'default',
    };
    const accessToken = `${base64url({ kid: '20250101', alg: 'RS256' })}.${base64url(payload)}.${randomBytes(64).toString('base64url')}`;
    return {
      status: 200,
      body: {
        access_token: accessToken,
        refresh_token: refreshTokens.issue(who, REFRESH_LIFETIME_SEC).token,
        token_type: 'Bearer',
        expires_in: lifetime,
        expiration: exp,
        scope: 'ibm openid',
      },
    };
  };

  return {
    token(req) {
      const form = isObject(req.body) ? req.body : {};
      const grantType = typeof form.grant_type === 'string' ? form.grant_type : '';
      if (grantType === APIKEY_GRANT) {
        if (typeof form.apikey !== 'string' || !form.apikey)
          return iamError(400, 'BXNIM0109E', 'Property missing or empty. Property name: apikey');
        if (form.apikey !== state.apiKey)
          return iamError(400, 'BXNIM0415E', 'Provided API key could not be found.');
        return issue(subject, grantType);
      }
      if (grantType === 'refresh_token') {
        const check = refreshTokens.check(
          typeof form.refresh_token === 'string' ? form.refresh_token : undefined,
        );
        if (!check.ok) return iamError(400, 'BXNIM0407E', 'Provided refresh token is not valid.');
        return issue(check.subject, grantType);
      }
      if (!grantType)
        return iamError(400, 'BXNIM0109E', 'Property missing or empty. Property name: grant_type');
      return iamError(400, 'BXNIM0103E', `Unsupported grant type: ${grantType}`);
    },

    check(req) {
      const header = req.headers.authorization;
      const match = /^Bearer\s+([\w-]+)\.([\w-]+)\.([\w-]+)$/i.exec(header ?? '');
      if (!match)
        throw new IbmError(401, 'Authorization header with a Bearer token is required.', 'no bearer token');
      let jti: unknown;
      try {
        jti = (JSON.parse(Buffer.from(match[2] ?? '', 'base64url').toString('utf8')) as { jti?: unknown })
          .jti;
      } catch {
        jti = undefined;
      }
      const session = sessions.check(typeof jti === 'string' ? jti : undefined);
      if (!session.ok)
        throw new IbmError(
          401,
          session.reason === 'expired' ? 'The access token has expired.' : 'The access token is not valid.',
          `bearer token ${session.reason}`,
        );
      const tenant = req.headers['x-ibm-tenant-id'];
      const value = Array.isArray(tenant) ? tenant[0] : tenant;
      if (!value)
        throw new IbmError(400, 'The X-IBM-Tenant-Id header is required.', 'missing X-IBM-Tenant-Id');
      if (!TENANT_PATTERN.test(value))
        throw new IbmError(
          400,
          `Invalid tenant id "${value}": expected the tenant id followed by "/".`,
          'malformed tenant',
        );
      if (value !== state.tenantId)
        throw new IbmError(403, `Access to tenant ${value} is denied.`, `unknown tenant ${value}`);
    },
  };
}
