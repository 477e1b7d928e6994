import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiError } from '../../shared/api/rest.js';
import type { ApiErrorCode } from '../../shared/errorCodes.js';
import { ApiFailure } from './apiFailure.js';

function errorBody(code: ApiErrorCode, message: string, details?: unknown): ApiError {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** Every failure answers `{error: {code, message, details?}}`; unexpected ones reveal nothing inside. */
export function installErrorReplies(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ApiFailure) {
      return reply.code(error.status).send(errorBody(error.code, error.message, error.details));
    }
    // Fastify's own request errors: malformed JSON, unsupported content type, body too large…
    const status = typeof error === 'object' && error !== null && 'statusCode' in error ? Number(error.statusCode) : 500;
    if (status >= 400 && status < 500) {
      const message = error instanceof Error ? error.message : 'bad request';
      return reply.code(status).send(errorBody(status === 400 ? 'bad_input' : 'bad_request', message));
    }
    request.log.error({ err: error }, 'unexpected error');
    return reply.code(500).send(errorBody('internal', 'internal server error'));
  });

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody('not_found', `no route ${request.method} ${request.url.split('?')[0]}`)),
  );
}

/**
 * Fastify's router answers some malformed URLs (bad encoding, a path parameter over its length
 * limit) itself, before any handler: pass this as `frameworkErrors` so they too get the error shape.
 */
export function frameworkErrorReply(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  void reply.code(status).send(errorBody('bad_request', error.message));
}
