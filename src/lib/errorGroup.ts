import { GatewayError } from '../errors.js';

/**
 * Several errors of one field, thrown as one (a resolver can throw only one error). The
 * `expandErrorGroups` plugin answers each part as its own error at the field's path; without
 * the plugin the group still answers as one error with the first part's code and source.
 */
export class ErrorGroup extends GatewayError {
  declare readonly errors: readonly GatewayError[];

  constructor(message: string, errors: readonly GatewayError[]) {
    const first = errors[0];
    if (!first) throw new RangeError('an error group needs at least one error');
    super(first.code, message, { source: first.extensions.source as string | undefined });
    this.name = 'ErrorGroup';
    // Not enumerable: never serialized as an extension.
    Object.defineProperty(this, 'errors', { value: errors, enumerable: false });
  }
}
