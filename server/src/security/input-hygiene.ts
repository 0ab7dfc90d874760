import type { ApolloServerPlugin } from '@apollo/server';
import { type ASTNode, GraphQLError, Kind, visit } from 'graphql';
import { badInput } from '../common/errors';

/** Lone UTF-16 surrogates: the driver would silently store U+FFFD instead. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text PostgreSQL cannot store as sent: NUL (refused by the server) and lone surrogates. */
function unstorable(s: string): boolean {
  return s.includes('\u0000') || LONE_SURROGATE.test(s);
}

function refuse(field: string): GraphQLError {
  const e = badInput(field, '使用できない文字が含まれています', 'The text contains characters that cannot be stored (NUL or a lone surrogate)');
  return new GraphQLError(e.message, { extensions: { ...e.extensions, http: { status: 400 } } });
}

/** The first unstorable string in the variables, as a dotted path; iterative (inputs may nest deeply). */
export function badVariable(variables: Record<string, unknown>): string | null {
  const stack: [unknown, string][] = Object.entries(variables).map(([k, v]) => [v, k]);
  while (stack.length) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string' && unstorable(value)) return path;
    if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) stack.push([v, Array.isArray(value) ? path : `${path}.${k}`]);
    }
  }
  return null;
}

/** The argument or input field holding the first unstorable string literal of the document. */
export function badLiteral(document: ASTNode): string | null {
  let found: string | null = null;
  visit(document, {
    StringValue(node, _key, parent, _path, ancestors) {
      if (found !== null || !unstorable(node.value)) return;
      const names = ([...ancestors, parent] as ASTNode[]).flatMap((a) => (a && 'kind' in a && (a.kind === Kind.ARGUMENT || a.kind === Kind.OBJECT_FIELD) ? [a.name.value] : []));
      found = names.join('.') || 'query';
    },
  });
  return found;
}

/**
 * Refuses, before anything runs, a request carrying a string PostgreSQL cannot store as sent: a clear
 * BAD_USER_INPUT naming the field instead of an internal error (NUL) or silent replacement (surrogates).
 */
export function inputHygienePlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const field = badVariable(request.variables ?? {}) ?? badLiteral(document);
          if (field !== null) throw refuse(field);
        },
      };
    },
  };
}
