import { badUserInput } from '../errors.js';

// Letters, digits and `._@-`; `.` and `..` are refused separately.
const SEGMENT = /^[A-Za-z0-9._@-]{1,128}$/;

/**
 * Validates a caller-supplied value that becomes one upstream URL path segment and returns
 * it percent-encoded. Anything that could change the path (`/`, `..`, `%2F`, `?`, `#`, NUL,
 * over-long) is BAD_USER_INPUT before any call.
 */
export function pathSegment(argName: string, value: string): string {
  if (typeof value !== 'string' || !SEGMENT.test(value) || value === '.' || value === '..') {
    throw badUserInput(
      `\`${argName}\` must be 1 to 128 letters, digits or any of "._@-" (and not "." or ".."), but got ${JSON.stringify(String(value).slice(0, 40))}.`,
    );
  }
  return encodeURIComponent(value);
}
