import { isEmail, ValidateBy } from 'class-validator';
import type { ValidationArguments, ValidationOptions } from 'class-validator';

/**
 * What free text may hold. A NUL or an unpaired UTF-16 surrogate is refused by PostgreSQL
 * (`invalid byte sequence for encoding "UTF8": 0x00`, `unsupported Unicode escape sequence`),
 * so one of them in a product name stalled the read model's projection of it; other control
 * characters corrupt mails, CSV reports and logs. Codes, SKUs and the like are already held to
 * a pattern; every other string a client sends goes through these.
 */
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/; // C0 but tab, LF, CR; DEL; C1
const LINE_CONTROLS = /[\t\n\r]/;
// In a `u` pattern a well-formed pair is one code point above U+FFFF: only a lone half matches.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** Why `text` is not acceptable free text (single-line unless `multiline`), or undefined. */
export function textProblem(text: string, multiline = false): string | undefined {
  if (CONTROLS.test(text)) return multiline ? 'must not contain control characters (tab and line breaks aside)' : 'must not contain control characters';
  if (!multiline && LINE_CONTROLS.test(text)) return 'must be one line: no tabs or line breaks';
  if (LONE_SURROGATE.test(text)) return 'must not contain unpaired surrogates (invalid Unicode)';
  return undefined;
}

/** The strings of a value: itself, an array's items, or a record's keys and values. Other types are other rules' business. */
function textsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(textsOf);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => [key, ...textsOf(item)]);
  return [];
}

function firstProblem(value: unknown, multiline: boolean): string | undefined {
  for (const text of textsOf(value)) {
    const problem = textProblem(text, multiline);
    if (problem) return problem;
  }
  return undefined;
}

function textRule(name: string, multiline: boolean, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name,
      validator: {
        validate: (value: unknown) => firstProblem(value, multiline) === undefined,
        defaultMessage: (args?: ValidationArguments) => firstProblem(args?.value, multiline) ?? 'must be plain text',
      },
    },
    options,
  );
}

/** A name, title, label, address part...: no control characters, no line breaks or tabs, no lone surrogates. Strings in arrays and records (keys too) alike. */
export function SingleLineText(options?: ValidationOptions): PropertyDecorator {
  return textRule('singleLineText', false, options);
}

/** A description, review body or note: as SingleLineText, but tab, LF and CR are allowed. */
export function MultiLineText(options?: ValidationOptions): PropertyDecorator {
  return textRule('multiLineText', true, options);
}

/**
 * class-validator's IsEmail, made safe: validator.js throws a URIError on an unpaired surrogate
 * (a 500 instead of a 400), and its quoted local part takes control characters.
 */
export function EmailAddress(options?: ValidationOptions): PropertyDecorator {
  const message = typeof options?.message === 'string' ? options.message : 'must be an email address';
  return ValidateBy(
    {
      name: 'isEmail',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && firstProblem(value, false) === undefined && isEmail(value),
        defaultMessage: (args?: ValidationArguments) => firstProblem(args?.value, false) ?? message,
      },
    },
    { ...options, message: undefined },
  );
}
