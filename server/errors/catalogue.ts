/**
 * Every error the server sends, as named constructors. Codes and messages follow what Graph sends
 * (api-spec.md 8.1 and examples/observed); where Graph's wording is unknown the message says
 * plainly what was wrong.
 */
import { echo, GraphError } from './graph-error.js'

export const errors = {
  emptyToken: () => new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty.'),
  malformedToken: () => new GraphError(401, 'InvalidAuthenticationToken', 'CompactToken parsing failed with error code: 80049217'),
  delegatedToken: () =>
    new GraphError(403, 'Forbidden', 'The call records API supports application permissions only (CallRecords.Read.All); delegated tokens are not supported.'),
  missingRole: (role: string) => new GraphError(403, 'Forbidden', `Missing application permission: the token has no '${role}' role.`),
  recordNotFound: () =>
    new GraphError(404, 'NotFound', 'Could not find the requested call record. Records about calls or online meetings that started more than 30 days ago are not available.'),
  itemNotFound: (what: string, id: string) => new GraphError(404, 'NotFound', `Could not find the ${what} '${echo(id)}'.`),
  segmentNotFound: (segment: string) => new GraphError(400, 'BadRequest', `Resource not found for the segment '${echo(segment)}'.`),
  invalidVersion: (version: string) => new GraphError(400, 'BadRequest', `Invalid version: ${echo(version)}`),
  notFound: (path: string) => new GraphError(404, 'NotFound', `No resource was found at '${echo(path)}'. This server emulates /v1.0 and /beta.`),
  methodNotAllowed: (method: string, path: string) =>
    new GraphError(405, 'MethodNotAllowed', `The HTTP method '${echo(method, 20)}' is not allowed on '${echo(path)}': the call records API is read-only.`, { Allow: 'GET' }),
  badRequest: (message: string) => new GraphError(400, 'BadRequest', message),
  internal: () => new GraphError(500, 'InternalServerError', 'An internal server error occurred.'),
} as const
