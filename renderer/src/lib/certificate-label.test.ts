import { describe, expect, it } from 'vitest';

import type { ConnectionVerdict } from '../../../common/connection';
import type { ProfileView } from '../../../common/profiles';
import { certificateLabel } from './certificate-label';

const profile = (tls: ProfileView['tls'] = {}) => ({ tls }) as ProfileView;
const verdict = (status: 'ok' | 'failed' | 'skipped', message = ''): ConnectionVerdict => ({
  ok: status === 'ok',
  checks: [{ id: 'certificate', status, message }],
  testedAt: '',
});

describe('the certificate line of a profile', () => {
  it('says nothing was checked before a test, not that the trust store verified it', () => {
    expect(certificateLabel(profile(), undefined)).toBe('Not yet checked: test the connection');
    expect(certificateLabel(profile(), verdict('skipped'))).toBe('Not yet checked: test the connection');
  });
  it('says what the test found, and a pin always', () => {
    expect(certificateLabel(profile(), verdict('ok'))).toBe('Verified by the trust store');
    expect(certificateLabel(profile(), verdict('failed', 'self-signed'))).toBe('Not trusted: self-signed');
    expect(certificateLabel(profile({ pinnedFingerprint256: 'AB:CD' }), undefined)).toBe('Pinned AB:CD');
  });
});
