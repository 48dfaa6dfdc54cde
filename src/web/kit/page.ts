/*
 * definePage: a page declared once, beside the API's defineOperation (src/api/registry.ts).
 * A declaration names its address (from the feature's paths.ts), who may open it, zod schemas
 * for its parameters, query and form, and load / view / submit. The kit does the rest the same
 * way everywhere: it checks access, parses ids (an address whose parameters do not parse is not
 * this page: the request falls through, ending in 404), turns a zod or ValidationError into the
 * GOV.UK error summary with the form re-rendered and its values kept, and receives uploads.
 * See docs/adr/0011-pages-declared-once.md.
 */
import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { Actor } from '../../auth/actor.ts';
import { can, type Capability } from '../../auth/roles.ts';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  TooManyRequestsError,
  UnauthenticatedError,
  ValidationError,
} from '../../lib/errors.ts';
import type { Path } from './paths.ts';
import { flash, renderPage } from './render.ts';
import { receiveUpload, type Upload, type UploadOptions } from './upload.ts';

/** A capability, or 'public' for pages open without an account (sign-in, invite and questionnaire links). */
export type Access = Capability | 'public';
export type ActorFor<A extends Access> = A extends 'public' ? Actor | undefined : Actor;

export interface PageContext<A extends Access = Access, P = unknown, Q = unknown> {
  req: Request;
  res: Response;
  actor: ActorFor<A>;
  params: P;
  query: Q;
  /** Renders a template with its title (for answers that are not this page's view). */
  render(template: string, title: string, locals?: Record<string, unknown>): void;
}

/** A form sent back with errors: the values as the user sent them, and one message per field. */
export interface SubmittedForm {
  values: Record<string, unknown>;
  errors: Record<string, string>;
}

export interface View {
  template: string;
  title: string;
  locals?: Record<string, unknown>;
}

/** Where to go after a successful submit (303), or nothing when submit answered itself. */
export type Outcome = string | { redirect: string; flash?: string; heading?: string } | void;

const REDIRECT = Symbol('redirect');

/** A 303 to `to`, without the body res.redirect negotiates and writes for it (no browser shows it). */
const seeOther = (res: Response, to: string): void => {
  res.status(303).location(to).end();
};
/** What `load` returns when another page is the one to show now (e.g. a questionnaire not yet started). */
export interface Redirect {
  [REDIRECT]: string;
}
/** A 303 to `to`, returned by `load` instead of the page's data. */
export const redirectTo = (to: string): Redirect => ({ [REDIRECT]: to });
const isRedirect = (value: unknown): value is Redirect =>
  typeof value === 'object' && value !== null && REDIRECT in value;

export interface PageSpec<A extends Access, P, Q, F, L> {
  path: Path;
  access: A;
  /** Route parameters; a value that does not parse means the address is not this page. */
  params?: z.ZodType<P>;
  /** GET filter forms: give each field a `.catch()` default so a hand-edited address still works. */
  query?: z.ZodType<Q>;
  /** The posted form (or an upload's other fields), handed to submit already parsed. */
  form?: z.ZodType<F>;
  /** multipart/form-data: the file streams to a temporary file, removed after submit. */
  upload?: UploadOptions;
  /** 'post' for an action with no page of its own (its view, if any, shows a failed submit). */
  only?: 'post';
  load?(ctx: PageContext<A, P, Q>): Promise<L | Redirect> | L | Redirect;
  view?(data: L, ctx: PageContext<A, P, Q>, form?: SubmittedForm): View;
  /** GET answers that are not a page: downloads (CSV, XLSX, PDF streamed to ctx.res) and redirects. */
  handle?(ctx: PageContext<A, P, Q>): Promise<void> | void;
  submit?(ctx: PageContext<A, P, Q> & { form: F; upload?: Upload }): Promise<Outcome> | Outcome;
  /** The form field a TooManyRequestsError is shown against (429, with Retry-After). */
  throttledField?: string;
  /** The form field a ConflictError is shown against (409: e.g. another upload is being checked). */
  conflictField?: string;
  /** The form field a service's field error is shown against, where the form names it otherwise (censusDate → census-date-day). */
  errorField?(field: string): string;
  /** This page's own 404 (e.g. an invite link that no longer works). */
  notFound?(ctx: PageContext<A, P, Q>): View;
  /** This page's own answer to another error its service raises (e.g. a questionnaire link that cannot be used). */
  failure?(err: unknown, ctx: PageContext<A, P, Q>): (View & { status: number }) | undefined;
}

type Method = 'get' | 'post';
type CapabilityHandler = RequestHandler & { capability?: Capability };
type Mount = (router: Router, prefix: string, shared: Record<string, unknown>) => void;

export interface Page {
  path: Path;
  access: Access;
  mount: Mount;
}

const EMPTY = z.object({});

/** A numeric id in an address (1 to 999,999,999). */
export const idParam = z
  .string()
  .regex(/^[1-9]\d{0,8}$/)
  .transform(Number);

/** A form field read as text: anything else (missing, a list) is empty. */
export const formText = z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string());

/** A field that may be sent several times (checkboxes): always a list of strings. */
export const formChoices = z.preprocess((v): string[] => {
  if (Array.isArray(v)) return v.filter((item): item is string => typeof item === 'string');
  return typeof v === 'string' && v ? [v] : [];
}, z.array(z.string()));

/** A zod error as one message per field, the first for each. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??= issue.message;
  }
  return errors;
}

/** Values sent back to the form: never a password. */
const kept = (values: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(values).filter(([name]) => !/password/i.test(name)));

function show(res: Response, view: View, form: SubmittedForm | undefined, shared: Record<string, unknown>): void {
  renderPage(res, view.template, view.title, {
    ...shared,
    ...view.locals,
    ...(form ? { values: kept(form.values), errors: form.errors } : {}),
  });
}

/** The request as the page's handlers see it, or undefined when its parameters do not parse (not this page). */
function pageContext<A extends Access, P, Q>(
  spec: PageSpec<A, P, Q, unknown, unknown>,
  req: Request,
  res: Response,
  shared: Record<string, unknown>,
): PageContext<A, P, Q> | undefined {
  const params = (spec.params ?? EMPTY).safeParse(req.params);
  if (!params.success) return undefined;
  if (spec.access !== 'public') {
    if (!req.actor) throw new UnauthenticatedError();
    if (!can(req.actor.role, spec.access)) throw new ForbiddenError();
  }
  const query = (spec.query ?? EMPTY).safeParse(req.query);
  if (!query.success) throw new ValidationError(fieldErrors(query.error));
  return {
    req,
    res,
    actor: req.actor as ActorFor<A>,
    params: params.data as P,
    query: query.data as Q,
    render: (template, title, locals) => renderPage(res, template, title, { ...shared, ...locals }),
  };
}

type FormFailureFields = 'errorField' | 'throttledField' | 'conflictField';

/** How a failed submit is shown on its form, where the page says so: the status and each field's message. */
function formFailure(
  spec: Pick<PageSpec<Access, unknown, unknown, unknown, unknown>, FormFailureFields>,
  err: unknown,
): { status: number; errors: Record<string, string>; retryAfter?: number } | undefined {
  if (err instanceof ValidationError) {
    const rename = spec.errorField ?? ((field: string) => field);
    return { status: 400, errors: Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [rename(k), v])) };
  }
  if (err instanceof TooManyRequestsError && spec.throttledField)
    return { status: 429, errors: { [spec.throttledField]: err.message }, retryAfter: err.retryAfterSeconds };
  if (err instanceof ConflictError && spec.conflictField)
    return { status: 409, errors: { [spec.conflictField]: err.message } };
  return undefined;
}

/** The page's own view for an error (its notFound or failure), if it has one. */
function ownAnswer<A extends Access, P, Q>(
  spec: PageSpec<A, P, Q, unknown, unknown>,
  context: (req: Request, res: Response) => PageContext<A, P, Q> | undefined,
  req: Request,
  res: Response,
  err: unknown,
): (View & { status: number }) | undefined {
  const ctx = context(req, res);
  if (!ctx) return undefined;
  if (err instanceof NotFoundError && spec.notFound) return { ...spec.notFound(ctx), status: 404 };
  return spec.failure?.(err, ctx);
}

/** The page's pattern inside its feature's router. */
function underPrefix(pattern: string, prefix: string): string {
  if (prefix !== '/' && pattern !== prefix && !pattern.startsWith(`${prefix}/`))
    throw new Error(`${pattern} is not under its feature's prefix ${prefix}`);
  return prefix === '/' ? pattern : pattern.slice(prefix.length) || '/';
}

export function definePage<
  A extends Access,
  P = Record<string, never>,
  Q = Record<string, never>,
  F = unknown,
  L = void,
>(spec: PageSpec<A, P, Q, F, L>): Page {
  type Ctx = PageContext<A, P, Q>;
  /** Locals every page of the feature has (its paths), set when the feature mounts the page. */
  let shared: Record<string, unknown> = {};

  const context = (req: Request, res: Response) => pageContext(spec, req, res, shared);

  async function showPage(ctx: Ctx, form?: SubmittedForm): Promise<void> {
    if (!spec.view) throw new Error(`${spec.path.pattern} has no view`);
    const data = spec.load ? await spec.load(ctx) : (undefined as L);
    if (isRedirect(data)) return seeOther(ctx.res, data[REDIRECT]);
    if (!ctx.res.headersSent) show(ctx.res, spec.view(data, ctx, form), form, shared);
  }

  async function failed(ctx: Ctx, err: unknown, values: Record<string, unknown>): Promise<boolean> {
    const failure = spec.view ? formFailure(spec, err) : undefined;
    if (!failure) return false;
    ctx.res.status(failure.status);
    if (failure.retryAfter !== undefined) ctx.res.set('Retry-After', String(failure.retryAfter));
    await showPage(ctx, { values, errors: failure.errors });
    return true;
  }

  async function post(ctx: Ctx): Promise<void> {
    const submit = spec.submit;
    if (!submit) return;
    let upload: Upload | undefined;
    let values: Record<string, unknown> = isRecord(ctx.req.body) ? ctx.req.body : {};
    try {
      if (spec.upload) {
        upload = await receiveUpload(ctx.req, spec.upload);
        values = upload.fields;
      }
      const parsed = (spec.form ?? z.unknown()).safeParse(values);
      if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error));
      const outcome = await submit({ ...ctx, form: parsed.data as F, upload });
      if (outcome) {
        const target = typeof outcome === 'string' ? { redirect: outcome } : outcome;
        if (target.flash) flash(ctx.req, target.flash, target.heading);
        seeOther(ctx.res, target.redirect);
      }
    } catch (err) {
      if (!(await failed(ctx, err, values))) throw err;
    } finally {
      await upload?.discard();
    }
  }

  const handler = (method: Method): CapabilityHandler => {
    const wrapped: CapabilityHandler = async (req: Request, res: Response, next: NextFunction) => {
      try {
        const ctx = context(req, res);
        if (!ctx) return next();
        await (method === 'post' ? post(ctx) : spec.handle ? spec.handle(ctx) : showPage(ctx));
      } catch (err) {
        const own =
          res.headersSent || !(spec.notFound || spec.failure) ? undefined : ownAnswer(spec, context, req, res, err);
        if (own) return show(res.status(own.status), own, undefined, shared);
        next(err);
      }
    };
    if (spec.access !== 'public') wrapped.capability = spec.access;
    return wrapped;
  };

  const mount: Mount = (router, prefix, locals) => {
    shared = locals;
    const local = underPrefix(spec.path.pattern, prefix);
    if (spec.only !== 'post' && (spec.view || spec.handle)) router.get(local, handler('get'));
    if (spec.submit) router.post(local, handler('post'));
  };
  return { path: spec.path, access: spec.access, mount };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A feature's pages, mounted under one prefix; its views can build addresses from `paths`. */
export interface Feature {
  prefix: string;
  router: Router;
}

/**
 * A feature's one router, mounted under its prefix in src/web/app.ts. Pages are tried in the
 * order given, and a page whose parameters do not parse passes the request on, so
 * "/rounds/import" and "/rounds/:id" need no particular order.
 */
export function defineFeature(prefix: string, pages: Page[], paths: object = {}): Feature {
  const router = Router();
  for (const page of pages) page.mount(router, prefix, { paths });
  return { prefix, router };
}
