import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { execute, getVariableValues, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

export interface JitOptions {
  /** Executions of one document (and operation) before it is compiled (>= 1; for 0 the gateway uses Apollo's own execution). */
  compileAfter: number;
  /** Most documents remembered (compiled or counted); the least recently used goes first. */
  maxDocuments: number;
}

interface Entry {
  seen: number;
  compiled: CompiledQuery | null;
}

/**
 * Executes operations with graphql-jit: a document seen `compileAfter` times is compiled into a
 * plain function (no per-field argument coercion, resolver lookup or path bookkeeping at run
 * time), which graphql-js pays on every field of every request. Documents seen less often run
 * on graphql-js, so a stream of one-off documents never pays for compilation. Apollo still
 * parses, validates (limits, introspection rule) and runs every plugin hook; this only replaces
 * its `execute`, through Apollo Server's documented gateway interface.
 */
export function jitExecutor(schema: GraphQLSchema, options: JitOptions): GatewayInterface {
  const documents = new Map<string, Entry>();

  const compiledFor = (key: string, run: () => CompiledQuery | ExecutionResult): CompiledQuery | null => {
    let entry = documents.get(key);
    if (entry) {
      // Re-insert: Map order is recency, so the first key is the least recently used.
      documents.delete(key);
      documents.set(key, entry);
    } else {
      entry = { seen: 0, compiled: null };
      documents.set(key, entry);
      if (documents.size > options.maxDocuments) documents.delete(documents.keys().next().value!);
    }
    if (entry.compiled) return entry.compiled;
    if (++entry.seen < options.compileAfter) return null;
    const result = run();
    // A document graphql-jit cannot compile (it answers with errors) stays on graphql-js.
    if (!isCompiledQuery(result)) {
      entry.seen = Number.NEGATIVE_INFINITY;
      return null;
    }
    entry.compiled = result;
    return result;
  };

  const executor: GatewayExecutor = async (rc) => {
    const operationName = rc.operationName ?? rc.request.operationName ?? undefined;
    const key = `${rc.queryHash}\u0000${operationName ?? ''}`;
    const compiled = compiledFor(key, () => compileQuery(schema, rc.document, operationName));
    // graphql-jit coerces variables more loosely than graphql-js (no @oneOf check) and words
    // its errors so Apollo does not see BAD_USER_INPUT: graphql-js checks them first (cheap,
    // and only when there are variables), and answers itself when they do not coerce.
    if (compiled && variablesCoerce(rc.operation, rc.request.variables)) {
      return compiled.query(undefined, rc.context, rc.request.variables ?? {});
    }
    return execute({ schema, document: rc.document, contextValue: rc.context, variableValues: rc.request.variables, operationName });
  };

  const variablesCoerce = (operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined): boolean => {
    const definitions = operation.variableDefinitions;
    if (!definitions || definitions.length === 0) return true;
    return !('errors' in getVariableValues(schema, definitions, variables ?? {}, { maxErrors: 1 }));
  };

  return {
    async load() {
      return { executor };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    async stop() {
      documents.clear();
    },
  };
}
