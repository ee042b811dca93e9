import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '@rivulet/runtime';
import { NotFoundError } from './apiError.js';
import { toProblem } from './problemDetails.js';

/** The one error middleware: typed errors → problem+json; 5xx are logged with the stack. */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const body = toProblem(error);
    if (body.status >= 500) logger.error({ err: error, method: req.method, path: req.path }, 'request failed');
    if (body.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="rivulet"');
    res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  };
}

export const notFound: RequestHandler = (req, _res, next) => next(new NotFoundError(`no route ${req.method} ${req.path}`));
