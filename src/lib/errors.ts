/** Errors that services throw and the web and API layers turn into responses. */
export class NotFoundError extends Error {
  constructor(what = 'Page') {
    super(`${what} not found`);
  }
}

export class ForbiddenError extends Error {
  constructor(message = 'You do not have permission to do that') {
    super(message);
  }
}

export class UnauthenticatedError extends Error {
  constructor() {
    super('Sign in to continue');
  }
}

/** Input that breaks a rule: one message per field, in the order the form shows them. */
export class ValidationError extends Error {
  readonly fields: Record<string, string>;
  constructor(fields: Record<string, string>) {
    super(Object.values(fields).join('; '));
    this.fields = fields;
  }
}

export class TooManyRequestsError extends Error {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The request clashes with work in progress (e.g. a second upload while the first is checked): 409. */
export class ConflictError extends Error {}
