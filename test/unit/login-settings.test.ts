// Client addresses through trusted proxies, and the login settings: pure functions, no server.
import { describe, expect, test } from 'vitest';
import { normalise, SettingError, TrustedProxies } from '../../server/src/auth/client-address';
import { addressKey } from '../../server/src/auth/lockout';
import { loginSettingsFrom } from '../../server/src/auth/login-settings';

const proxies = TrustedProxies.parse('10.0.0.0/8, 192.0.2.1 fd00::/8,::1');

describe('the client address behind trusted proxies', () => {
  test('a peer that is not a trusted proxy is the client, whatever X-Forwarded-For says', () => {
    expect(proxies.clientAddress('203.0.113.5', '198.51.100.1')).toBe('203.0.113.5');
    expect(TrustedProxies.none().clientAddress('10.0.0.1', '198.51.100.1')).toBe('10.0.0.1');
  });

  test('through trusted proxies the header is walked from the right to the first address not trusted', () => {
    expect(proxies.clientAddress('10.0.0.1', '198.51.100.1')).toBe('198.51.100.1');
    // The client wrote a spoofed hop at the left: the proxy's own hop (the rightmost untrusted) wins.
    expect(proxies.clientAddress('10.0.0.1', '1.2.3.4, 198.51.100.1')).toBe('198.51.100.1');
    expect(proxies.clientAddress('10.0.0.1', '198.51.100.1, 192.0.2.1, 10.1.2.3')).toBe('198.51.100.1');
    expect(proxies.clientAddress('::ffff:10.0.0.1', '2001:db8::7, fd12::1')).toBe('2001:db8::7');
  });

  test('every hop trusted: the leftmost; garbage in the header stops the walk at the last trusted hop', () => {
    expect(proxies.clientAddress('10.0.0.1', '10.9.9.9, 10.0.0.2')).toBe('10.9.9.9');
    expect(proxies.clientAddress('10.0.0.1', 'unknown, 10.0.0.2')).toBe('10.0.0.2');
    expect(proxies.clientAddress('10.0.0.1', '<script>')).toBe('10.0.0.1');
  });

  test('addresses are recorded plainly: no IPv4 mapping, brackets, ports or zones', () => {
    expect(normalise('::FFFF:127.0.0.1')).toBe('127.0.0.1');
    expect(normalise('[2001:DB8::1]:443')).toBe('2001:db8::1');
    expect(normalise('198.51.100.1:5555')).toBe('198.51.100.1');
    expect(normalise('fe80::1%eth0')).toBe('fe80::1');
    expect(normalise('example.com')).toBeNull();
  });

  test('IPv6 clients are counted by their /64, IPv4 by address', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('198.51.100.1')).toBe('198.51.100.1');
  });
});

describe('login settings', () => {
  test('a bad value stops the start with a message naming the variable', () => {
    const bad: Record<string, string> = {
      MAMORI_TRUSTED_PROXIES: '10.0.0.0/33', MAMORI_MFA_ROLES: 'PRIVACY_MANAGER,ROOT', MAMORI_LOGIN_MAX_FAILURES: 'abc',
    };
    for (const [name, value] of Object.entries(bad)) {
      expect(() => loginSettingsFrom({ [name]: value }), name).toThrow(SettingError);
      expect(() => loginSettingsFrom({ [name]: value }), name).toThrow(name);
    }
    for (const value of ['0', '9', '-5', '1e3', '12.5']) expect(() => loginSettingsFrom({ MAMORI_LOGIN_MAX_FAILURES: value })).toThrow('MAMORI_LOGIN_MAX_FAILURES');
    for (const value of ['example.com', '10.0.0.0/8/8', '300.1.1.1']) expect(() => loginSettingsFrom({ MAMORI_TRUSTED_PROXIES: value })).toThrow('MAMORI_TRUSTED_PROXIES');
  });

  test('second-factor roles: the production default, none elsewhere, or as named', () => {
    const env = process.env.NODE_ENV;
    try {
      process.env.NODE_ENV = 'production';
      expect([...loginSettingsFrom({}).mfaRoles].sort()).toEqual(['ADMIN', 'AUDITOR', 'PRIVACY_MANAGER']);
      expect([...loginSettingsFrom({ MAMORI_MFA_ROLES: 'none' }).mfaRoles]).toEqual([]);
      process.env.NODE_ENV = 'development';
      expect([...loginSettingsFrom({}).mfaRoles]).toEqual([]);
      expect([...loginSettingsFrom({ MAMORI_MFA_ROLES: 'SUPPORT, ACCOUNTING' }).mfaRoles]).toEqual(['SUPPORT', 'ACCOUNTING']);
    } finally {
      process.env.NODE_ENV = env;
    }
    expect(loginSettingsFrom({}).accountLockFailures).toBe(50);
  });
});
