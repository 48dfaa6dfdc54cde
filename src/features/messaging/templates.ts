/*
 * The text of every message. Bodies carry no more than the task needs: a greeting, what to do,
 * the link and when it stops working; never workforce figures (docs/adr/0015).
 */
import { formatDate } from '../../lib/dates.ts';
import { formatDateTime } from '../../lib/time.ts';

export interface MessageText {
  template: string;
  subject: string;
  body: string;
}

const SIGN_OFF = '\n\nOne Workforce\nIf you did not expect this email, you can ignore it.';

export function invitationText(name: string, link: string, expiresAt: string): MessageText {
  return {
    template: 'invitation',
    subject: 'You have been invited to One Workforce',
    body:
      `Dear ${name},\n\nYou have been invited to use One Workforce. To set your password and sign in, open this link:\n\n` +
      `${link}\n\nThe link works once and stops working on ${formatDateTime(expiresAt)}.${SIGN_OFF}`,
  };
}

export function passwordResetText(name: string, link: string, expiresAt: string): MessageText {
  return {
    template: 'password-reset',
    subject: 'Reset your One Workforce password',
    body:
      `Dear ${name},\n\nSomeone asked to reset the password of your One Workforce account. To choose a new password, open this link:\n\n` +
      `${link}\n\nThe link works once and stops working on ${formatDateTime(expiresAt)}. ` +
      `Resetting your password signs you out everywhere else.\n\nIf you did not ask for this, you can ignore this email: your password has not changed.\n\nOne Workforce`,
  };
}

const CHANGE_REMINDERS = (accountUrl: string) =>
  `\n\nYou can switch these reminders off on your account page: ${accountUrl}`;

export function personalLinkText(roundName: string, link: string, closesOn: string): MessageText {
  return {
    template: 'assessment-link',
    subject: `Take part in the self-assessment: ${roundName}`,
    body:
      `Hello,\n\nYou are invited to answer the One Children's Workforce self-assessment "${roundName}". ` +
      `It takes about 20 minutes and you do not need an account. Your answers are reported only in groups large enough that no one can be singled out.\n\n` +
      `Your personal link:\n\n${link}\n\nPlease answer by ${formatDate(closesOn)}. The link is yours: do not forward it.${SIGN_OFF}`,
  };
}

export function assessmentReminderText(
  roundName: string,
  link: string,
  closesOn: string,
  accountUrl: string | null,
): MessageText {
  return {
    template: 'assessment-reminder',
    subject: `Reminder: the self-assessment closes on ${formatDate(closesOn)}`,
    body:
      `Hello,\n\nThe self-assessment "${roundName}" closes on ${formatDate(closesOn)} and we have not yet had your answers. ` +
      `You can start, or carry on, with your personal link:\n\n${link}\n\nOne Workforce` +
      (accountUrl ? CHANGE_REMINDERS(accountUrl) : ''),
  };
}

export function returnsReminderText(
  name: string,
  organisation: string,
  censusDate: string,
  deadline: string,
  overdue: boolean,
  links: { upload: string; account: string },
): MessageText {
  const due = overdue
    ? `was due on ${formatDate(deadline)} and has not been submitted yet`
    : `is due by ${formatDate(deadline)} and has not been submitted yet`;
  return {
    template: overdue ? 'returns-overdue' : 'returns-reminder',
    subject: overdue
      ? `Overdue: ${organisation}'s workforce return for ${formatDate(censusDate)}`
      : `Reminder: ${organisation}'s workforce return is due by ${formatDate(deadline)}`,
    body:
      `Dear ${name},\n\n${organisation}'s workforce return for the census date ${formatDate(censusDate)} ${due}. ` +
      `Upload it here:\n\n${links.upload}\n\nOne Workforce${CHANGE_REMINDERS(links.account)}`,
  };
}
