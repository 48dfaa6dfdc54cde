import { type Command, InvalidArgumentError, Option } from 'commander';
import type { Config } from '../config.ts';
import { systemActor } from '../auth/actor.ts';
import { ROLE_CODES, ROLES, type Role } from '../auth/roles.ts';
import { ValidationError } from '../lib/errors.ts';
import { formatDateTime } from '../lib/time.ts';
import { createServices, type Services } from '../services.ts';
import type { CliContext } from './context.ts';

const LABEL = 'Command line';

export const wholeNumber = (value: string): string => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('Give an id: a whole number.');
  return value;
};

/** Opens the database, runs `fn` with the same services as the web, and closes it again. */
async function withServices(
  context: CliContext,
  fn: (services: Services, config: Config) => Promise<void>,
): Promise<void> {
  const { config, db } = context();
  try {
    await fn(createServices(db, config), config);
  } catch (err) {
    if (err instanceof ValidationError)
      throw new Error(
        Object.entries(err.fields)
          .map(([field, text]) => `--${field}: ${text}`)
          .join('\n'),
        { cause: err },
      );
    throw err;
  } finally {
    await db.close();
  }
}

async function partnershipActor(services: Services, id: string) {
  if (!(await services.partnerships.get(Number(id)))) throw new Error(`There is no partnership with id ${id}.`);
  return systemActor(Number(id), LABEL);
}

async function userByEmail(services: Services, email: string) {
  const user = await services.users.userByEmail(email);
  if (!user) throw new Error(`There is no user with the email address ${email}.`);
  return { user, actor: systemActor(user.partnership_id, LABEL) };
}

const printInvite = (invite: { link: string; expiresAt: string }) => {
  console.log(`Invite link: ${invite.link}`);
  console.log(`The link works once and expires on ${formatDateTime(invite.expiresAt)}. Send it to them securely.`);
};

function registerCreate(users: Command, context: CliContext): void {
  users
    .command('create')
    .description(
      'Add a user to a partnership. With --password they can sign in at once; without, this prints a one-time invite link.',
    )
    .requiredOption('--partnership <id>', 'the partnership’s id', wholeNumber)
    .requiredOption('--email <email>', 'their email address, which they sign in with')
    .requiredOption('--name <name>', 'their full name')
    .addOption(new Option('--role <role>', 'their role').choices(ROLE_CODES).makeOptionMandatory())
    .option('--organisation <id>', 'their organisation’s id (required for data_lead)', wholeNumber)
    .option('--password <password>', 'set this password (12 characters or more) instead of making an invite link')
    .addHelpText(
      'after',
      '\nExample:\n  npm run cli -- users create --partnership 1 --email lead@example.org --name "Ana Lead" --role partnership_admin',
    )
    .action(
      async (options: {
        partnership: string;
        email: string;
        name: string;
        role: Role;
        organisation?: string;
        password?: string;
      }) => {
        await withServices(context, async (services) => {
          const actor = await partnershipActor(services, options.partnership);
          const input = {
            name: options.name,
            email: options.email,
            role: options.role,
            organisation: options.organisation ?? '',
          };
          const { user, invite } = await services.users.create(actor, input, options.password);
          console.log(`User id: ${user.id}`);
          console.log(
            `${user.display_name} <${user.email}> is a ${ROLES[options.role].toLowerCase()}, ${user.status === 'active' ? 'and can sign in now' : 'invited'}.`,
          );
          if (invite) printInvite(invite);
        });
      },
    );
}

function registerInvite(users: Command, context: CliContext): void {
  users
    .command('invite')
    .description(
      'Make a new one-time invite link for someone who has not yet set a password (earlier links stop working)',
    )
    .requiredOption('--email <email>', 'their email address')
    .action(async (options: { email: string }) => {
      await withServices(context, async (services) => {
        const { user, actor } = await userByEmail(services, options.email);
        printInvite((await services.users.newInvite(actor, user.id)).invite);
      });
    });
}

function registerToken(users: Command, context: CliContext): void {
  users
    .command('token')
    .description(
      'Mint an API token for a user, for automation such as a nightly upload. Prints the token once, on its own.',
    )
    .requiredOption('--email <email>', 'the email address of the user the token acts as')
    .requiredOption('--name <name>', 'what the token is for, e.g. "HR system nightly upload"')
    .addHelpText(
      'after',
      '\nThe token acts with that user’s role. Send it as "Authorization: Bearer <token>" to /api/v1.',
    )
    .action(async (options: { email: string; name: string }) => {
      await withServices(context, async (services) => {
        const { user, actor } = await userByEmail(services, options.email);
        const { secret } = await services.tokens.createFor(actor, user.id, options.name);
        console.error(
          `API token "${options.name.trim()}" for ${user.email}. It is shown only this once: store it safely.`,
        );
        console.log(secret);
      });
    });
}

function registerList(users: Command, context: CliContext): void {
  users
    .command('list')
    .description('List the users of a partnership: id, email, role, status and organisation')
    .requiredOption('--partnership <id>', 'the partnership’s id', wholeNumber)
    .action(async (options: { partnership: string }) => {
      await withServices(context, async (services) => {
        const list = await services.users.list(await partnershipActor(services, options.partnership));
        for (const u of list) {
          console.log(
            [
              String(u.id).padStart(5),
              u.email.padEnd(36),
              u.role.padEnd(20),
              u.status.padEnd(11),
              u.organisation_name ?? '-',
            ].join('  '),
          );
        }
        if (!list.length) console.log('This partnership has no users.');
      });
    });
}

/** users create | invite | token | list: the web's user management, for setting up and automation. */
export function registerUsersCommands(program: Command, context: CliContext): void {
  const users = program.command('users').description('Add users, make invite links and API tokens, and list users');
  registerCreate(users, context);
  registerInvite(users, context);
  registerToken(users, context);
  registerList(users, context);
}
