/*
 * The text of every message. Bodies carry no more than the task needs: a greeting, what to do,
 * the link and when it stops working; never workforce figures (docs/adr/0015).
 */
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
