import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { hashSecret } from '../../src/lib/secrets.ts';
import { startServer } from '../../src/web/server.ts';
import { runCli, type CliRun } from '../support/cli.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';

const BASE_URL = 'https://workforce.demoshire.example';

type Run = CliRun;

for (const engine of ENGINES) {
  describe(`users commands on ${engine}`, () => {
    let database: TestDatabase;
    let partnershipId: number;
    before(async () => {
      database = await createTestDatabase(engine, { demo: true });
      partnershipId = database.demoPartnershipId;
    });
    after(async () => {
      await database?.drop();
    });

    const cli = (...args: string[]): Promise<Run> => runCli(database, ['users', ...args], { BASE_URL });

    it('creates an active user with a password, and an invited one with a link', async () => {
      const active = await cli(
        'create',
        '--partnership',
        String(partnershipId),
        '--email',
        'ops@demoshire.example',
        '--name',
        'Olu Ops',
        '--role',
        'partnership_admin',
        '--password',
        'a long enough password',
      );
      assert.equal(active.code, 0, active.stderr);
      const id = Number(/User id: (\d+)/.exec(active.stdout)?.[1]);
      const user = await database.db.kysely
        .selectFrom('users')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      assert.equal(user.email, 'ops@demoshire.example');
      assert.equal(user.status, 'active');
      assert.doesNotMatch(active.stdout, /Invite link/);

      const organisation = await database.db.kysely
        .selectFrom('organisations')
        .select('id')
        .where('partnership_id', '=', partnershipId)
        .executeTakeFirstOrThrow();
      const invited = await cli(
        'create',
        '--partnership',
        String(partnershipId),
        '--email',
        'lead@demoshire.example',
        '--name',
        'Lee Lead',
        '--role',
        'data_lead',
        '--organisation',
        String(organisation.id),
      );
      assert.equal(invited.code, 0, invited.stderr);
      const token = new RegExp(`Invite link: ${BASE_URL}/invite/([\\w-]+)`).exec(invited.stdout)?.[1];
      assert.ok(token, invited.stdout);
      const invite = await database.db.kysely
        .selectFrom('invites')
        .selectAll()
        .where('token_hash', '=', hashSecret(token))
        .executeTakeFirst();
      assert.ok(invite && !invite.used_at);

      const renewed = await cli('invite', '--email', 'lead@demoshire.example');
      assert.equal(renewed.code, 0, renewed.stderr);
      assert.match(renewed.stdout, /Invite link: https:\/\/workforce\.demoshire\.example\/invite\//);

      const list = await cli('list', '--partnership', String(partnershipId));
      assert.equal(list.code, 0, list.stderr);
      assert.match(list.stdout, /ops@demoshire\.example\s+partnership_admin\s+active/);
      assert.match(list.stdout, /lead@demoshire\.example\s+data_lead\s+invited/);
    });

    it('fails with a clear message and exit code 1 on bad input', async () => {
      const [duplicate, noPartnership, help] = await Promise.all([
        cli(
          'create',
          '--partnership',
          String(partnershipId),
          '--email',
          'admin@demoshire.example',
          '--name',
          'Again',
          '--role',
          'viewer',
        ),
        cli('create', '--partnership', '999999', '--email', 'x@demoshire.example', '--name', 'X', '--role', 'viewer'),
        cli('create', '--help'),
      ]);
      assert.equal(duplicate.code, 1);
      assert.match(duplicate.stderr, /--email: Someone already has an account with this email address/);
      assert.equal(noPartnership.code, 1);
      assert.match(noPartnership.stderr, /There is no partnership with id 999999/);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /--organisation <id>/);
    });

    it('mints an API token that works against /api/v1/me', async () => {
      const minted = await cli('token', '--email', 'datalead@demoshire.example', '--name', 'HR system nightly upload');
      assert.equal(minted.code, 0, minted.stderr);
      const secret = minted.stdout.trim();
      assert.match(secret, /^ow_[\w-]{40,}$/);
      assert.match(minted.stderr, /shown only this once/);

      const config = loadConfig({
        NODE_ENV: 'test',
        PORT: '0',
        HOST: '127.0.0.1',
        SESSION_SECRET: 'test-secret-test-secret-test-secret',
      });
      const server = await startServer(config, database.db, createLogger('silent'));
      try {
        const response = await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
        assert.equal(response.status, 200);
        const me = (await response.json()) as { role: string; partnershipId: number };
        assert.deepEqual({ role: me.role, partnershipId: me.partnershipId }, { role: 'data_lead', partnershipId });
      } finally {
        await server.close();
      }
    });
  });
}
