import { describe, expect, it } from 'vitest';

import { permissionAllowed } from '../../main/security/permissions';

describe('browser permissions', () => {
  it('grants the app page what consoles need', () => {
    expect(permissionAllowed('fullscreen', 'vantage://app/index.html')).toBe(true);
    expect(permissionAllowed('clipboard-sanitized-write', 'vantage://app/index.html')).toBe(true);
  });

  it('denies everything else, and every other origin', () => {
    expect(permissionAllowed('clipboard-read', 'vantage://app/index.html')).toBe(false);
    expect(permissionAllowed('media', 'vantage://app/index.html')).toBe(false);
    expect(permissionAllowed('fullscreen', 'https://evil.example/')).toBe(false);
    expect(permissionAllowed('fullscreen', 'vantage://other/')).toBe(false);
    expect(permissionAllowed('fullscreen', undefined)).toBe(false);
  });
});
