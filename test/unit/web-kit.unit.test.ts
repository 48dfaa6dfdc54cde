import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { fieldErrors, formChoices, formText, idParam } from '../../src/web/kit/page.ts';
import { joinPaths, path } from '../../src/web/kit/paths.ts';

describe('typed paths', () => {
  it('fills each parameter, URL-encoded, and keeps the pattern for the router', () => {
    const revoke = path('/account/tokens/:id/revoke');
    assert.equal(revoke.pattern, '/account/tokens/:id/revoke');
    assert.equal(revoke({ id: 12 }), '/account/tokens/12/revoke');
    assert.equal(path('/invite/:token')({ token: 'a/b c' }), '/invite/a%2Fb%20c');
    assert.equal(path('/admin/users')(), '/admin/users');
    assert.equal(path('/r/:round/q/:question')({ round: 1, question: 'x' }), '/r/1/q/x');
  });
});

describe('joined paths', () => {
  it('joins several maps and refuses a name declared twice', () => {
    const joined = joinPaths({ course: path('/training/courses/:id') }, { feed: path('/feed') });
    assert.equal(joined.course({ id: 3 }), '/training/courses/3');
    assert.equal(joined.feed(), '/feed');
    assert.throws(
      () => joinPaths({ register: path('/training/sessions/:id/register') }, { register: path('/training/register') }),
      /Two paths are both named "register": \/training\/sessions\/:id\/register and \/training\/register/,
    );
  });
});

describe('definePage’s schemas', () => {
  it('reads ids of 1 to 9 digits and nothing else', () => {
    assert.equal(idParam.parse('42'), 42);
    for (const bad of ['0', '007', 'abc', '1e3', '-1', '1234567890', ''])
      assert.equal(idParam.safeParse(bad).success, false, bad);
  });

  it('reads form fields as text and checkboxes as lists, whatever was sent', () => {
    const form = z.object({ name: formText, services: formChoices });
    assert.deepEqual(form.parse({}), { name: '', services: [] });
    assert.deepEqual(form.parse({ name: ['a', 'b'], services: 'x' }), { name: '', services: ['x'] });
    assert.deepEqual(form.parse({ name: 'Ann', services: ['x', 3, 'y'] }), { name: 'Ann', services: ['x', 'y'] });
  });

  it('turns a zod error into one message per field, the first for each', () => {
    const schema = z.object({
      email: z.string().min(1, 'Enter your email address').email('Enter a valid email address'),
      age: z.number({ message: 'Enter your age' }),
    });
    const result = schema.safeParse({ email: '', age: 'x' });
    assert.equal(result.success, false);
    if (!result.success)
      assert.deepEqual(fieldErrors(result.error), { email: 'Enter your email address', age: 'Enter your age' });
  });
});
