import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('configuration', () => {
  it('has safe development defaults: SQLite under data/, port 3000', () => {
    const config = loadConfig({});
    assert.equal(config.env, 'development');
    assert.equal(config.port, 3000);
    assert.equal(config.database.engine, 'sqlite');
    assert.match(config.database.sqliteFile, /data\/one-workforce\.sqlite$/);
    assert.equal(config.secureCookies, false);
    assert.ok(config.sessionSecret.length >= 32);
  });

  it('refuses to start in production without a long session secret', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production' }), ConfigError);
    assert.throws(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'short' }), /at least 32/);
    assert.equal(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) }).env, 'production');
  });

  it('uses PostgreSQL when DATABASE_URL is a postgres URL, and rejects other URLs', () => {
    assert.equal(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).database.engine, 'postgres');
    assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://u@h/db' }), /postgres/);
  });

  it('turns on secure cookies for an https base URL, and reads OIDC settings together', () => {
    assert.equal(loadConfig({ BASE_URL: 'https://ow.example.gov.uk' }).secureCookies, true);
    assert.throws(() => loadConfig({ OIDC_ISSUER: 'https://login.example' }), /OIDC_CLIENT_ID/);
    const oidc = loadConfig({
      OIDC_ISSUER: 'https://login.example',
      OIDC_CLIENT_ID: 'id',
      OIDC_CLIENT_SECRET: 's',
    }).oidc;
    assert.equal(oidc?.redirectUrl, 'http://localhost:3000/sign-in/oidc/callback');
  });

  it('rejects numbers that are not whole', () => {
    assert.throws(() => loadConfig({ PORT: 'eighty' }), /PORT must be a whole number/);
  });
});
