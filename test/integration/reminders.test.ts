import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { queueAssessmentReminders } from '../../src/features/assessment/round-emails.ts';
import { scheduledJobs } from '../../src/features/messaging/messaging.ts';
import { runDueJobs } from '../../src/features/messaging/scheduler.ts';
import { queueReturnsReminders } from '../../src/features/workforce/returns/deadline-reminders.ts';
import { DEMO_CENSUS_DATES } from '../../src/features/workforce/returns/demo-returns.ts';
import { addDays, todayInLondon } from '../../src/lib/dates.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { deliverQueued, linkIn, mailTo, startInbox, type Inbox } from '../support/mail.ts';

const today = todayInLondon();

for (const engine of ENGINES) {
  describe(`personal links by email and reminders on ${engine}`, () => {
    let app: TestApp;
    let inbox: Inbox;
    let admin: TestClient;
    let roundId: number;
    let organisationId: number;
    before(async () => {
      app = await startTestApp(engine);
      inbox = await startInbox();
      admin = new TestClient(app.url);
      await admin.signIn('admin@demoshire.example');
      const round = await app.db.kysely
        .selectFrom('assessment_rounds')
        .select('id')
        .where('name', '=', 'Re-assessment 2026')
        .executeTakeFirstOrThrow();
      roundId = round.id;
      const organisation = await app.db.kysely
        .selectFrom('organisations')
        .select('id')
        .where('partnership_id', '=', app.demoPartnershipId)
        .orderBy('id')
        .executeTakeFirstOrThrow();
      organisationId = organisation.id;
    });
    after(async () => {
      await inbox?.close();
      await app?.close();
    });

    const queued = (template: string, recipient?: string) => {
      let query = app.db.kysely
        .selectFrom('outbox_messages')
        .select(['recipient', 'idempotency_key'])
        .where('template', '=', template);
      if (recipient) query = query.where('recipient', '=', recipient);
      return query.execute();
    };
    const sendLinks = async (emails: string) => {
      await admin.get(`/assessment/rounds/${roundId}/email-links`);
      return admin.post(`/assessment/rounds/${roundId}/email-links`, {
        organisationId: String(organisationId),
        respondentType: 'frontline',
        emails,
      });
    };

    it('emails each address its own personal link from the round page, once', async () => {
      const round = await admin.get(`/assessment/rounds/${roundId}`);
      assert.equal(round.status, 200);
      assert.match(
        round.text,
        new RegExp(`href="/assessment/rounds/${roundId}/email-links">Send personal links by email`),
      );
      const bad = await sendLinks('ann@example.org\nnot an address');
      assert.equal(bad.status, 400);
      assert.match(
        bad.text,
        /Enter email addresses in the correct format, like name@example\.com \(“not an address” is not one\)/,
      );
      assert.equal((await queued('assessment-link')).length, 0, 'nothing is sent when any address is wrong');

      const sent = await sendLinks('Ann@Example.org, ben@example.org;\nsteering@demoshire.example');
      assert.equal(sent.status, 303);
      assert.equal(sent.location, `/assessment/rounds/${roundId}#links`);
      const again = await sendLinks('ann@example.org');
      assert.equal(again.status, 303);
      assert.match((await admin.get(`/assessment/rounds/${roundId}`)).text, /1 address already had a link/);
      assert.deepEqual((await queued('assessment-link')).map((m) => m.recipient).sort(), [
        'ann@example.org',
        'ben@example.org',
        'steering@demoshire.example',
      ]);
      const audit = await app.db.kysely
        .selectFrom('audit_events')
        .select('summary')
        .where('summary', 'like', 'Emailed 3 personal links%')
        .execute();
      assert.equal(audit.length, 1);

      await deliverQueued(app, inbox.url);
      const mail = mailTo(inbox, 'ann@example.org')[0];
      assert.equal(mail?.subject, 'Take part in the self-assessment: Re-assessment 2026');
      const start = await new TestClient(app.url).get(linkIn(mail, '/respond/'));
      assert.equal(start.status, 200);
      assert.match(start.text, /Re-assessment 2026/);
      const benLink = linkIn(mailTo(inbox, 'ben@example.org')[0], '/respond/');
      assert.notEqual(benLink, linkIn(mail, '/respond/'), 'each person has their own link');
    });

    it('reminds only those who have not answered, once a day, respecting account choices', async () => {
      const daysBefore = app.config.messaging.reminderDays.assessment;
      await app.db.kysely
        .updateTable('assessment_rounds')
        .set({ closes_on: addDays(today, daysBefore) })
        .where('id', '=', roundId)
        .execute();
      await app.db.kysely
        .updateTable('assessment_invitations')
        .set({ used_at: new Date().toISOString() })
        .where('email', '=', 'ben@example.org')
        .execute();
      const steering = new TestClient(app.url);
      await steering.signIn('steering@demoshire.example');
      await steering.get('/account/reminders');
      const saved = await steering.post('/account/reminders', { reminders: [] });
      assert.equal(saved.status, 303);

      const options = { today, daysBefore };
      assert.equal(await queueAssessmentReminders(app.db.kysely, app.config, options), 1);
      await queueAssessmentReminders(app.db.kysely, app.config, options);
      assert.deepEqual(
        (await queued('assessment-reminder')).map((m) => m.recipient),
        ['ann@example.org'],
        'ben answered, steering switched reminders off, and a second run sends nothing more',
      );
      await deliverQueued(app, inbox.url);
      const reminder = mailTo(inbox, 'ann@example.org').at(-1);
      assert.match(reminder?.subject ?? '', /^Reminder: the self-assessment closes on /);
      assert.equal(linkIn(reminder, '/respond/'), linkIn(mailTo(inbox, 'ann@example.org')[0], '/respond/'));
      assert.doesNotMatch(reminder?.text ?? '', /account page/, 'no account, so no account page to point to');
      assert.equal((await new TestClient(app.url).get(linkIn(reminder, '/respond/'))).status, 200);

      await app.db.kysely
        .updateTable('assessment_rounds')
        .set({ status: 'closed' })
        .where('id', '=', roundId)
        .execute();
      await queueAssessmentReminders(app.db.kysely, app.config, options);
      const kept = await app.db.kysely
        .selectFrom('assessment_invitations')
        .select('id')
        .where('email', 'is not', null)
        .execute();
      assert.equal(kept.length, 0, 'addresses are forgotten once the round closes');
    });

    it('shows and saves reminder choices on the account page', async () => {
      const lead = new TestClient(app.url);
      await lead.signIn('datalead@demoshire.example');
      const account = await lead.get('/account');
      assert.equal(account.status, 200);
      assert.match(
        account.text,
        /Workforce return deadline reminders\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*On/,
      );
      const viewer = new TestClient(app.url);
      await viewer.signIn('viewer@demoshire.example');
      assert.doesNotMatch((await viewer.get('/account')).text, /Workforce return deadline reminders/);
      assert.match((await viewer.get('/account')).text, /Self-assessment reminders/);

      const form = await lead.get('/account/reminders');
      assert.match(form.text, /value="returns-reminder" checked/);
      assert.equal((await lead.post('/account/reminders', { reminders: ['assessment-reminder'] })).status, 303);
      const after = await lead.get('/account');
      assert.match(after.text, /Your reminder choices are saved/);
      assert.match(
        after.text,
        /Workforce return deadline reminders\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*Off/,
      );
      assert.equal((await lead.post('/account/reminders', { reminders: ['returns-reminder'] })).status, 303);
      const audit = await app.db.kysely
        .selectFrom('audit_events')
        .select('after_json')
        .where('summary', '=', 'Changed which reminders they get by email')
        .orderBy('id')
        .execute();
      assert.ok(audit.length >= 2);
      assert.match(audit.at(-2)?.after_json ?? '', /returns-reminder/);
    });

    it('reminds data leads whose organisation has not submitted, before the deadline and when overdue', async () => {
      const daysBefore = app.config.messaging.reminderDays.returns;
      const collection = async (censusDate: string, deadline: string) => {
        await admin.get('/workforce/returns');
        const [y, m, d] = censusDate.split('-');
        const [dy, dm, dd] = deadline.split('-');
        const saved = await admin.post('/workforce/collections', {
          'census-date-day': d!,
          'census-date-month': m!,
          'census-date-year': y!,
          'deadline-day': dd!,
          'deadline-month': dm!,
          'deadline-year': dy!,
        });
        assert.equal(saved.status, 303);
      };
      const page = await admin.get('/workforce/returns');
      assert.match(
        page.text,
        new RegExp(`emailed a reminder ${daysBefore} days before the deadline and the day after it`),
      );
      const newCensus = addDays(today, -20);
      await collection(newCensus, addDays(today, daysBefore));
      // The demo's data lead has submitted for this census date: no reminder.
      await collection(DEMO_CENSUS_DATES[1]!, addDays(today, daysBefore));
      const options = { today, daysBefore, baseUrl: app.config.baseUrl };
      await queueReturnsReminders(app.db.kysely, options);
      await queueReturnsReminders(app.db.kysely, options);
      const due = await queued('returns-reminder');
      assert.deepEqual(
        due.map((m) => m.recipient),
        ['datalead@demoshire.example'],
      );
      await deliverQueued(app, inbox.url);
      const mail = mailTo(inbox, 'datalead@demoshire.example').at(-1);
      assert.match(mail?.subject ?? '', /workforce return is due by/);
      const upload = linkIn(mail, '/workforce/submit');
      const lead = new TestClient(app.url);
      await lead.signIn('datalead@demoshire.example');
      assert.equal((await lead.get(upload)).status, 200);

      await queueReturnsReminders(app.db.kysely, { ...options, today: addDays(today, daysBefore + 1) });
      assert.equal((await queued('returns-overdue', 'datalead@demoshire.example')).length, 1);

      await lead.get('/account/reminders');
      await lead.post('/account/reminders', { reminders: [] });
      await queueReturnsReminders(app.db.kysely, { ...options, today: addDays(today, daysBefore + 8) });
      assert.equal((await queued('returns-overdue')).length, 1, 'switched off: no more reminders');
    });

    it('runs the reminder jobs from the schedule table', async () => {
      const jobs = scheduledJobs(app.config);
      assert.deepEqual(
        jobs.map((j) => j.name),
        [
          'purge-message-bodies',
          'purge-password-resets',
          'assessment-reminders',
          'returns-reminders',
          'draft-board-packs',
          'training-offer-lapse',
          'training-evaluations',
          'purge-training-registrations',
          'erase-inactive-practitioners',
        ],
      );
      await runDueJobs(app.db.kysely, jobs, createLogger('silent'));
      await app.db.kysely
        .updateTable('scheduled_jobs')
        .set({ next_run_at: new Date(Date.now() - 1000).toISOString() })
        .execute();
      const ran = await runDueJobs(app.db.kysely, jobs, createLogger('silent'));
      assert.deepEqual(ran.sort(), [
        'assessment-reminders',
        'draft-board-packs',
        'erase-inactive-practitioners',
        'purge-message-bodies',
        'purge-password-resets',
        'purge-training-registrations',
        'returns-reminders',
        'training-evaluations',
        'training-offer-lapse',
      ]);
    });
  });
}
