import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newUserSchema, pageLimitSchema, userIdSchema } from './user-schemas.js';

describe('newUserSchema', () => {
  it('trims the name and lower-cases the email', () => {
    expect(newUserSchema.parse({ name: '  Ada Lovelace ', email: ' Ada@Example.COM ' })).toEqual({
      name: 'Ada Lovelace',
      email: 'ada@example.com',
    });
  });

  it('names every invalid field', () => {
    const result = newUserSchema.safeParse({ name: '   ', email: 'not-an-email' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['email', 'name']);
  });

  it('accepts any name of 1 to 100 characters after trimming, and no longer one', () => {
    const word = fc.string({ minLength: 1, maxLength: 120 }).filter((s) => s.trim().length > 0);
    fc.assert(
      fc.property(word, (name) => {
        const parsed = newUserSchema.safeParse({ name: ` ${name} `, email: 'a@example.com' });
        expect(parsed.success).toBe(name.trim().length <= 100);
        if (parsed.success) expect(parsed.data.name).toBe(name.trim());
      }),
    );
  });

  it('normalises any valid email to lower case, so case never makes two users', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (email) => {
        const parsed = newUserSchema.safeParse({ name: 'x', email: email.toUpperCase() });
        fc.pre(parsed.success);
        expect(parsed.data?.email).toBe(email.toUpperCase().toLowerCase());
      }),
    );
  });

  it.each([
    ['a NUL', 'Ada\u0000Lovelace'],
    ['an ANSI escape sequence', 'Ada \u001b[31mred'],
    ['a line break', 'Ada\r\nSet-Cookie: x'],
    ['a right-to-left override', 'Ada \u202Egnp.exe'],
    ['a bidi isolate', 'Ada \u2066x\u2069'],
    ['only a zero-width space', '\u200B'],
    ['only invisible characters', '\u200B\u2060\u00A0'],
  ])('refuses a name with %s', (_, name) => {
    const result = newUserSchema.safeParse({ name, email: 'a@example.com' });
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['name']);
  });

  it('stores a name in NFC, so one accented letter has one spelling', () => {
    const decomposed = 'Rene\u0301e';
    expect(newUserSchema.parse({ name: decomposed, email: 'a@example.com' }).name).toBe('Ren\u00E9e');
  });

  it('keeps names in any script, and joiners inside visible text', () => {
    for (const name of ['Ada Lovelace', 'Łukasz', '李小龍', 'محمد', '👩\u200D💻 Ada'])
      expect(newUserSchema.parse({ name, email: 'a@example.com' }).name).toBe(name);
  });

  it('refuses an email that only becomes valid ASCII when lower-cased, so two inputs never collide', () => {
    expect(newUserSchema.safeParse({ name: 'x', email: 'a\u212Ada@example.com' }).success).toBe(false);
    expect(newUserSchema.parse({ name: 'x', email: 'aKda@example.com' }).email).toBe('akda@example.com');
  });

  it('rejects anything that is not a string where strings belong', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string())), (value) => {
        expect(newUserSchema.safeParse({ name: value, email: value }).success).toBe(false);
      }),
    );
  });
});

describe('pageLimitSchema', () => {
  it('defaults to 20 and accepts 1 to 100 given as text', () => {
    expect(pageLimitSchema.parse(undefined)).toBe(20);
    expect(pageLimitSchema.parse('1')).toBe(1);
    expect(pageLimitSchema.parse('100')).toBe(100);
  });

  it.each(['0', '101', '2.5', 'ten', '-1', '0x10', '1e2', ' 5', '', '0100'])('rejects %j', (limit) => {
    expect(pageLimitSchema.safeParse(limit).error?.issues[0]?.message).toMatch(/whole number from 1 to 100/);
  });

  it('rejects a limit given twice with the same rule, not "NaN"', () => {
    expect(pageLimitSchema.safeParse(['5', '7']).error?.issues[0]?.message).toMatch(/given once/);
  });
});

describe('userIdSchema', () => {
  it('accepts UUIDs and rejects paths, long and odd text', () => {
    expect(userIdSchema.safeParse('0b6f3c1e-8a1d-4c8e-9a55-2f4a1d2b3c4d').success).toBe(true);
    for (const id of ['../etc/passwd', 'x'.repeat(5000), 'ü', '\u0000', '']) {
      expect(userIdSchema.safeParse(id).success).toBe(false);
    }
  });
});
