import { describe, expect, it } from 'vitest';

import { checkElectronSender, harnessSenderCheck } from './senders';

describe('Electron sender check', () => {
  it('trusts only the app page in the main frame', () => {
    expect(checkElectronSender({ frameUrl: 'vantage://app/index.html', isMainFrame: true })).toBeUndefined();
    expect(checkElectronSender({ frameUrl: 'vantage://app/index.html', isMainFrame: false })).toMatch(
      /sub-frame/,
    );
  });

  it.each([
    'https://evil.example/',
    'file:///etc/passwd',
    'vantage://app.evil.example/',
    'vantage://evil/',
    'http://app/',
    'devtools://devtools/',
    'not a url',
  ])('refuses %s', (frameUrl) => {
    expect(checkElectronSender({ frameUrl, isMainFrame: true })).toBeDefined();
  });

  it('refuses a frame without a URL (a destroyed frame)', () => {
    expect(checkElectronSender({ frameUrl: undefined, isMainFrame: true })).toMatch(/valid URL/);
  });
});

describe('harness sender check', () => {
  const check = harnessSenderCheck('http://127.0.0.1:5180', 'secret-token');
  it('needs both the origin and the token', () => {
    expect(check({ origin: 'http://127.0.0.1:5180', token: 'secret-token' })).toBeUndefined();
    expect(check({ origin: 'http://localhost:5180', token: 'secret-token' })).toMatch(/foreign origin/);
    expect(check({ origin: undefined, token: 'secret-token' })).toMatch(/foreign origin/);
    expect(check({ origin: 'http://127.0.0.1:5180', token: 'secret-tokeN' })).toMatch(/token/);
    expect(check({ origin: 'http://127.0.0.1:5180', token: undefined })).toMatch(/token/);
  });
});
