import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { contract } from '../../common/contract';
import type { ProfileView } from '../../common/profiles';
import type { CertificateInfo } from '../../common/tls';
import { makeLabCertificate } from '../../lab/core/tls';
import { createBackend, type Backend } from '../backend';
import { createIpcRouter, type IpcRouter } from '../ipc/router';
import { memoryKeychain } from './memory-keychain';

// What a page may and may not set on a profile, through the very router every transport registers.
let dir: string;
let backend: Backend;
let router: IpcRouter<null>;
/** The file main's dialog returns next (undefined: the user cancelled). */
let picked: string | undefined;

const ok = () => Promise.resolve({ status: 'ok' as const, summary: 'fine' });
async function start(): Promise<void> {
  backend = await createBackend({
    version: '0.0.0',
    dataDirectory: dir,
    runtime: 'harness',
    processVersions: {},
    keychain: memoryKeychain(),
    probes: { keychain: ok, network: ok, disk: ok },
    pickCertificateFile: () => Promise.resolve(picked),
  });
  router = createIpcRouter({
    contract,
    handlers: backend.handlers,
    streams: backend.streams,
    checkSender: () => undefined,
  });
}
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vantage-trust-'));
  await start();
});
afterEach(async () => {
  await backend.dispose();
  await rm(dir, { recursive: true, force: true });
});

const call = async (channel: string, args: unknown) => {
  const answer = await router.handle(channel, args, null);
  return answer as { result?: unknown; error?: { code: string; message: string } };
};
const listed = async () => (await call('profiles.list', undefined)).result as ProfileView[];

const FINGERPRINT = Array(32).fill('AB').join(':');
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const base = { name: 'vc', baseUrl: 'https://vc.example', username: 'admin', options: { vendor: 'vcenter' } };

describe('trust anchors come from main and the user, never from the page', () => {
  it.each([{ pinnedFingerprint256: FINGERPRINT }, { pinnedCertificatePem: PEM }, { caPem: PEM }, {}])(
    'create and update refuse tls %o',
    async (tls) => {
      const refused = await call('profiles.create', { profile: { ...base, tls }, secret: 'pw' });
      expect(refused.error?.code).toBe('INVALID_ARGUMENT');
      expect(await listed()).toEqual([]);
      const created = (await call('profiles.create', { profile: base })).result as ProfileView;
      const update = await call('profiles.update', { id: created.id, profile: { ...base, tls } });
      expect(update.error?.code).toBe('INVALID_ARGUMENT');
      expect((await listed())[0]?.tls).toEqual({});
    },
  );

  it('an import keeps no pin or CA from the file, and an export carries none', async () => {
    const file = {
      format: 'vantage-profiles',
      version: 1,
      exportedAt: new Date().toISOString(),
      profiles: [
        { ...base, tls: { pinnedFingerprint256: FINGERPRINT, pinnedCertificatePem: PEM, caPem: PEM } },
      ],
    };
    const imported = await call('profiles.import', { json: JSON.stringify(file) });
    expect(imported.error).toBeUndefined();
    expect((await listed())[0]?.tls).toEqual({});
    const exported = (await call('profiles.export', {})).result as { json: string };
    expect(exported.json).not.toMatch(/tls|pinned|caPem|BEGIN CERTIFICATE/);
  });
});

describe("a custom CA comes only through main's dialog, confirmed by its fingerprint", () => {
  it('shows the chosen file, adds it once its fingerprint is confirmed, removes it on request', async () => {
    const { id } = (await call('profiles.create', { profile: base })).result as ProfileView;
    const ca = await makeLabCertificate('Example Root CA');
    picked = join(dir, 'root.pem');
    await writeFile(picked, `a bundle note\n${ca.cert}`);
    const shown = (await call('profiles.chooseCa', { id })).result as CertificateInfo;
    expect(shown.fingerprint256).toBe(new X509Certificate(ca.cert).fingerprint256);
    expect((await listed())[0]?.tls).toEqual({});

    const other = Array(32).fill('CD').join(':');
    expect((await call('profiles.confirmCa', { id, fingerprint256: other })).error?.code).toBe('CONFLICT');
    const trusted = (await call('profiles.confirmCa', { id, fingerprint256: shown.fingerprint256 }))
      .result as ProfileView;
    expect(trusted.tls.caPem).toContain('BEGIN CERTIFICATE');
    // One confirmation per choice: the same fingerprint again adds nothing new without a new pick.
    expect((await call('profiles.confirmCa', { id, fingerprint256: shown.fingerprint256 })).error?.code).toBe(
      'CONFLICT',
    );
    const removed = (await call('profiles.confirmCa', { id, fingerprint256: null })).result as ProfileView;
    expect(removed.tls.caPem).toBeUndefined();
  });

  it('a cancelled dialog trusts nothing; a file that is not a certificate is refused', async () => {
    const { id } = (await call('profiles.create', { profile: base })).result as ProfileView;
    picked = undefined;
    expect(await call('profiles.chooseCa', { id })).toEqual({ result: null });
    picked = join(dir, 'notes.txt');
    await writeFile(picked, 'not a certificate');
    const refused = await call('profiles.chooseCa', { id });
    expect(refused.error?.code).toBe('INVALID_ARGUMENT');
    expect(refused.error?.message).toMatch(/no PEM certificate/);
  });
});

describe('plain http needs an explicit opt-in', () => {
  it('refuses http:// without it, keeps and shows it with it', async () => {
    const plain = { ...base, baseUrl: 'http://vc.example' };
    const refused = await call('profiles.create', { profile: plain });
    expect(refused.error?.code).toBe('INVALID_ARGUMENT');
    expect(refused.error?.message).toMatch(/not encrypted.*Allow unencrypted connection/);
    const created = await call('profiles.create', { profile: { ...plain, allowInsecureHttp: true } });
    expect((created.result as ProfileView).allowInsecureHttp).toBe(true);
  });

  it('an older record with http:// and no opt-in is not connected', async () => {
    await backend.dispose();
    const record = {
      ...base,
      baseUrl: 'http://127.0.0.1:9',
      tags: [],
      readOnly: false,
      tls: {},
      id: '0b3a4a3e-6a52-4a39-9d0a-7f3c2f1a8e10',
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
      secretIn: 'none',
    };
    await writeFile(join(dir, 'profiles.json'), JSON.stringify({ profiles: [record] }));
    await start();
    const verdict = (await call('profiles.test', { id: record.id })).result as {
      ok: boolean;
      error?: { code: string; message: string };
    };
    expect(verdict.ok).toBe(false);
    expect(verdict.error?.message).toMatch(/unencrypted address/);
  });
});

describe('names a person reads refuse invisible and reordering characters', () => {
  it.each([
    ['NUL', 'a\u0000b'],
    ['a control character', 'a\u0007b'],
    ['a new line', 'a\nb'],
    ['a lone surrogate', 'a\uD800b'],
    ['a bidi override', 'invoice\u202Efdp.exe'],
    ['a bidi isolate', 'a\u2067b'],
  ])('%s in a name or a user name', async (_what, value) => {
    for (const profile of [
      { ...base, name: value },
      { ...base, username: value },
    ]) {
      const answer = await call('profiles.create', { profile });
      expect(answer.error?.code).toBe('INVALID_ARGUMENT');
      expect(answer.error?.message).toMatch(/cannot contain control characters, bidi-override characters/);
    }
    expect(await listed()).toEqual([]);
  });

  it('accepts ordinary non-Latin names and emoji', async () => {
    const answer = await call('profiles.create', {
      profile: { ...base, name: 'Прод 東京 🚀', username: 'zoë' },
    });
    expect(answer.error).toBeUndefined();
  });
});
