import type { ServerResponse } from 'node:http';
import { getOperationAST, parse } from 'graphql';
import { sendJsonError } from './readBody.js';

/**
 * Answers 405 (allow: POST) for a GET whose selected operation is a mutation or subscription,
 * as GraphQL over HTTP requires, and returns true then. Apollo checks this only after
 * validation, where a schema without mutations turns the request into a validation error;
 * this checks it first. A document that does not parse is left to Apollo's own answer.
 */
export function refuseNonQueryGet(url: URL, res: ServerResponse, maxTokens: number): boolean {
  const query = url.searchParams.get('query');
  if (!query || !/\b(mutation|subscription)\b/.test(query)) return false;
  let operation;
  try {
    operation = getOperationAST(parse(query, { maxTokens }), url.searchParams.get('operationName'));
  } catch {
    return false;
  }
  if (!operation || operation.operation === 'query') return false;
  sendJsonError(res, 405, `GET requests only support query operations, not ${operation.operation} operations.`, 'BAD_REQUEST', { allow: 'POST' });
  return true;
}
